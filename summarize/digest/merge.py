"""Merge a story's articles into events, assertions and a synopsis: never averages.

Events: the events of all sources are aligned by what they are (sub-type, trigger,
date, place, actors) and by their role in their article's "responds_to" links, with
average linkage, never joining two events of one article. The story's main event is the
aligned event most sources report as their own; the events linked to it (the attack it
answered, a threatened response) stay separate, with the relation.

Figures: each quantity is an assertion with the interval its words allow ("more than 40"
and "over 40" are both [41, open)). Assertions of one measure agree when all their
intervals overlap; otherwise they conflict, every figure is shown with its source, and
the headline is the most conservative one: "at least N (disputed)".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from summarize.digest.models import Assertion, Fact, MeasureSummary, Span, StoryEvent, SynopsisSentence
from summarize.models import (
    Event,
    EventRelation,
    EventSubType,
    EventType,
    Evidence,
    Quantity,
    QuantityUnit,
    Qualifier,
    SummaryResult,
)

WORD_RE = re.compile(r"[^\W_]+")
SMALL_WORDS = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "its", "for", "s"}


# --- figures ----------------------------------------------------------------------------

def interval(quantity: Quantity) -> tuple[int | None, int | None]:
    """The values the words allow: (low, high); high None is open ('more than 40' -> (41, None))."""
    value = quantity.value
    q = quantity.qualifier
    if q is Qualifier.between or value is None:
        low = quantity.min if quantity.min is not None else value
        high = quantity.max if quantity.max is not None else value
        return low, high
    if q is Qualifier.exact:
        return value, value
    if q is Qualifier.more_than:
        return value + 1, None
    if q is Qualifier.at_least:
        return value, None
    if q is Qualifier.about:
        return math.floor(value * 0.9), math.ceil(value * 1.1)
    if q is Qualifier.up_to:
        return 0, value
    if q is Qualifier.fewer_than:
        return 0, max(0, value - 1)
    if q is Qualifier.several:
        return 3, None
    return value, value


def _overlap(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> bool:
    low_a, high_a = a
    low_b, high_b = b
    return (high_b is None or (low_a or 0) <= high_b) and (high_a is None or (low_b or 0) <= high_a)


def _bound(value: int | None) -> str:
    return "open" if value is None else str(value)


def summarize_measure(measure: str, assertions: list[Assertion]) -> MeasureSummary:
    intervals = [(a.low, a.high) for a in assertions]
    agree = all(_overlap(x, y) for i, x in enumerate(intervals) for y in intervals[i + 1:])
    lows = [low or 0 for low, _ in intervals]
    highs = [high for _, high in intervals]
    if len(assertions) == 1:
        status = "single"
    else:
        status = "agree" if agree else "conflict"
    if agree:  # the values every source allows
        range_low = max(lows)
        finite = [h for h in highs if h is not None]
        range_high = min(finite) if finite else None
    else:  # every value any source gives
        range_low = min(lows)
        range_high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    if status == "conflict":  # ACLED: the lowest figure a source gives, as a floor
        written = [a.value if a.value is not None else a.low for a in assertions]
        headline = f"at least {min(w for w in written if w is not None)} (disputed)"
    else:
        # The most conservative wording that every source supports.
        best = min(assertions, key=lambda a: (a.low or 0, a.high if a.high is not None else math.inf))
        headline = _describe(best)
    return MeasureSummary(measure=measure, status=status, range_low=range_low, range_high=range_high,
                          headline=headline, assertions=assertions)


WORDING = {Qualifier.more_than: "more than", Qualifier.at_least: "at least", Qualifier.about: "about",
           Qualifier.up_to: "up to", Qualifier.fewer_than: "fewer than", Qualifier.several: "several"}


def _describe(assertion: Assertion) -> str:
    """The figure in the source's own terms: '14', 'more than 20', 'about 400', '8-10'."""
    if assertion.qualifier is Qualifier.between or assertion.value is None:
        return f"{assertion.low}-{assertion.high}"
    if assertion.qualifier is Qualifier.exact:
        return str(assertion.value)
    return f"{WORDING[assertion.qualifier]} {assertion.value}"


# --- events -------------------------------------------------------------------------------

@dataclass
class SourceEvent:
    """One event as one (representative) article reports it."""

    article: str
    outlet: str | None
    url: str | None
    order: int  # the article's position in the story
    index: int  # the event's index in its result
    event: Event
    role: str  # response: it responds to another event; answered: another event responds to it; plain
    main: bool

    def span(self, evidence: Evidence) -> Span:
        # Built from a validated result: no need to validate again (thousands per digest).
        return Span.model_construct(article=self.article, outlet=self.outlet, url=self.url, start=evidence.start,
                                    end=evidence.end, quote=evidence.quote)


def _tokens(text: str) -> set[str]:
    return {w for w in WORD_RE.findall(text.lower()) if w not in SMALL_WORDS and len(w) > 1}


def _stem(word: str) -> str:
    return word.lower()[:5]


def event_similarity(a: SourceEvent, b: SourceEvent) -> float:
    """0..1; 0 for two events of one article or of opposite roles in a retaliation."""
    if a.article == b.article:
        return 0.0
    if {a.role, b.role} == {"response", "answered"}:
        return 0.0
    ea, eb = a.event, b.event
    score = 0.0
    specific = {EventSubType.other, EventSubType.statement}
    if ea.sub_type == eb.sub_type and ea.sub_type not in specific:
        score += 0.3
    elif ea.event_type == eb.event_type and ea.event_type not in (EventType.other,):
        score += 0.15
    elif {ea.event_type, eb.event_type} & {EventType.statement} and ea.event_type != eb.event_type:
        score -= 0.2
    if _stem(ea.trigger) == _stem(eb.trigger):
        score += 0.2
    if ea.date and eb.date and ea.date.value and eb.date.value:
        score += 0.25 if ea.date.value == eb.date.value else -0.5
    if ea.location and eb.location and _tokens(ea.location.describe()) & _tokens(eb.location.describe()):
        score += 0.1
    names_a = {(x.role, w) for x in ea.actors for w in _tokens(x.name)}
    names_b = {(x.role, w) for x in eb.actors for w in _tokens(x.name)}
    if names_a & names_b:
        score += 0.2
    if _same_toll(ea, eb):  # "killed three ... left more than 40 wounded" in both: likely one event
        score += 0.25
    if a.role == b.role and a.role != "plain":
        score += 0.2
    if a.main and b.main:  # in one story, what two sources lead with is likely one event
        score += 0.35
    return max(0.0, min(1.0, score))


def _same_toll(a: Event, b: Event) -> bool:
    """Both events report a casualty figure of one measure, and the figures agree."""
    for unit in (QuantityUnit.killed, QuantityUnit.injured):
        figures_a = [interval(q) for q in a.quantities if q.unit is unit]
        figures_b = [interval(q) for q in b.quantities if q.unit is unit]
        if any(_overlap(x, y) for x in figures_a for y in figures_b):
            return True
    return False


EVENT_THRESHOLD = 0.35


def source_events(article: str, outlet: str | None, url: str | None, order: int,
                  result: SummaryResult) -> list[SourceEvent]:
    """The events of one article worth aligning: main events, link ends and events with figures; no claims."""
    responding = {i for i, e in enumerate(result.events) for link in e.links if link.relation is EventRelation.responds_to}
    answered = {link.event for e in result.events for link in e.links if link.relation is EventRelation.responds_to}
    found = []
    for index, event in enumerate(result.events):
        role = "response" if index in responding else "answered" if index in answered else "plain"
        if not (event.main or role != "plain" or event.quantities):
            continue
        found.append(SourceEvent(article, outlet, url, order, index, event, role, event.main))
    return found


def align_events(events: list[SourceEvent]) -> list[list[SourceEvent]]:
    """Groups of the same real-world event across sources (average linkage; one article never twice)."""
    n = len(events)
    if n == 0:
        return []
    if n == 1:
        return [events]
    if n == 2:
        together = event_similarity(events[0], events[1]) >= EVENT_THRESHOLD
        return [events] if together else [[events[0]], [events[1]]]
    condensed = []
    for i in range(n):
        for j in range(i + 1, n):
            similarity = event_similarity(events[i], events[j])
            condensed.append(1.0 - similarity)
    labels = fcluster(linkage(np.array(condensed), method="average"), t=1.0 - EVENT_THRESHOLD, criterion="distance")
    groups: dict[int, list[SourceEvent]] = {}
    for event, label in zip(events, labels):
        groups.setdefault(int(label), []).append(event)
    aligned: list[list[SourceEvent]] = []
    for group in groups.values():
        # One event per article: keep the article's best-matching event, split the others off.
        kept: dict[str, SourceEvent] = {}
        for item in sorted(group, key=lambda e: (e.order, not e.main, e.index)):
            if item.article in kept:
                aligned.append([item])
            else:
                kept[item.article] = item
        aligned.append(list(kept.values()))
    aligned = [sorted(g, key=lambda e: (e.order, e.index)) for g in aligned]
    aligned.sort(key=lambda g: (g[0].order, g[0].index))
    return aligned


def _main_votes(group: list[SourceEvent]) -> tuple[int, int, int]:
    votes = sum((e.main or e.role == "response") - (e.role == "answered") for e in group)
    return votes, len(group), -group[0].order


def story_events(story_id: str, events: list[SourceEvent],
                 results: dict[str, SummaryResult] | None = None) -> list[StoryEvent]:
    """The main event, the events linked to it, and the story's further events, each with facts and figures.

    A link ("responds_to") between two events of one source links their aligned events;
    each event states the first link it has to another listed event.
    """
    groups = align_events(events)
    if not groups:
        return []
    main_group = max(groups, key=_main_votes)
    main_index = groups.index(main_group)
    group_of = {(e.article, e.index): g for g, group in enumerate(groups) for e in group}
    edges: dict[tuple[int, int], EventRelation] = {}
    for e in events:
        for link in e.event.links:
            source_group, target_group = group_of.get((e.article, e.index)), group_of.get((e.article, link.event))
            if source_group is not None and target_group is not None and source_group != target_group:
                edges.setdefault((source_group, target_group), link.relation)

    def position(g: int) -> tuple[int, int]:
        return groups[g][0].order, groups[g][0].index

    near_main = {b for a, b in edges if a == main_index} | {a for a, b in edges if b == main_index}
    near_main.discard(main_index)
    # Further events stay separate: kept when two sources report them or they carry figures,
    # with the events they link to.
    others = {g for g, group in enumerate(groups) if g != main_index and g not in near_main
              and (len(group) > 1 or any(e.event.quantities for e in group))}
    shown = {main_index} | near_main | others
    shown |= {b for a, b in edges if a in others} | {a for a, b in edges if b in others}
    ordered = [main_index] + sorted(near_main, key=position) + sorted(shown - near_main - {main_index}, key=position)
    ids = {g: f"{story_id}.e{n}" for n, g in enumerate(ordered, start=1)}
    story: list[StoryEvent] = []
    for g in ordered:
        if g == main_index:
            role = "main"
        elif (main_index, g) in edges:
            role = "answered"
        elif (g, main_index) in edges:
            role = "response"
        else:
            role = "other"
        targets = sorted((b for a, b in edges if a == g and b in ids), key=lambda b: (b != main_index, position(b)))
        relation = edges[(g, targets[0])] if targets else None
        merged = _merge_group(ids[g], role, relation, ids[targets[0]] if targets else None, groups[g])
        if results:
            merged.synopsis = event_synopsis(groups[g], results)
        story.append(merged)
    return story


def _canonical(value: str) -> str:
    return " ".join(w for w in WORD_RE.findall(value.lower()) if w not in SMALL_WORDS)


def _merge_group(event_id: str, role: str, relation: EventRelation | None, related: str | None,
                 group: list[SourceEvent]) -> StoryEvent:
    facts: dict[tuple[str, str], Fact] = {}

    def add_fact(kind: str, value: str, source: SourceEvent, evidence: list[Evidence]) -> None:
        key = (kind, _canonical(value))
        if not key[1]:
            return
        fact = facts.setdefault(key, Fact.model_construct(kind=kind, value=value, sources=[]))
        fact.sources.extend(source.span(item) for item in evidence[:1])

    measures: dict[str, list[Assertion]] = {}
    for source in group:
        event = source.event
        for actor in event.actors:
            add_fact(actor.role.value, actor.name, source, actor.evidence)
        if event.location:
            add_fact("location", event.location.describe(), source, event.location.evidence)
        if event.date:
            value = event.date.value.isoformat() if event.date.value else event.date.text
            add_fact("date", value, source, event.date.evidence)
        for quantity in event.quantities:
            low, high = interval(quantity)
            measures.setdefault(quantity.unit.value, []).append(Assertion.model_construct(
                measure=quantity.unit.value, value=quantity.value, low=low, high=high, qualifier=quantity.qualifier,
                text=quantity.text,
                attribution=quantity.attribution, source=source.span(quantity.evidence[0])))
    first = group[0].event
    types = sorted({(e.event.event_type.value, e.event.sub_type.value) for e in group},
                   key=lambda t: (t[1] in ("other", "statement"), t))
    return StoryEvent(
        id=event_id, role=role, event_type=types[0][0], sub_type=types[0][1],
        triggers=sorted({e.event.trigger.lower() for e in group}),
        relation=relation, related_to=related,
        description=group[0].span(first.evidence[0]) if first.evidence else None,
        facts=sorted(facts.values(), key=lambda f: (f.kind, -len(f.sources), f.value)),
        measures=[summarize_measure(m, items) for m, items in sorted(measures.items())],
        sources=[e.span(e.event.evidence[0]) for e in group if e.event.evidence],
    )


# --- synopsis -----------------------------------------------------------------------------

def synopsis(results: list[tuple[str, str | None, str | None, SummaryResult]], limit: int = 3) -> list[SynopsisSentence]:
    """Up to `limit` summary sentences of the sources, near-duplicates merged, each citing its spans.

    Sentences are those of the article summaries (each already grounded in its source);
    ones that several sources share rank first, then the earlier article's.
    """
    candidates: list[tuple[set[str], SynopsisSentence, int]] = []
    for order, (article, outlet, url, result) in enumerate(results):
        for sentence in result.summary:
            spans = [Span(article=article, outlet=outlet, url=url, start=e.start, end=e.end, quote=e.quote)
                     for e in sentence.evidence]
            if not spans:
                continue
            words = _tokens(sentence.text)
            for seen_words, seen, _ in candidates:
                if words and len(words & seen_words) / len(words | seen_words) >= 0.6:
                    if all(s.article != article for s in seen.citations):
                        seen.citations.extend(spans)
                    break
            else:
                candidates.append((words, SynopsisSentence(text=sentence.text, citations=spans), order))
    ranked = sorted(enumerate(candidates),
                    key=lambda item: (-len({s.article for s in item[1][1].citations}), item[1][2], item[0]))
    chosen = sorted(ranked[:limit], key=lambda item: (item[1][2], item[0]))
    return [item[1][1] for item in chosen]


def event_synopsis(group: list[SourceEvent], results: dict[str, SummaryResult], limit: int = 2) -> list[SynopsisSentence]:
    """The article summary sentences whose evidence overlaps the event's own evidence, merged across sources."""
    picked = []
    for source in group:
        result = results[source.article]
        spans = [(e.start, e.end) for e in source.event.evidence]
        sentences = [s for s in result.summary
                     if any(e.start < end and start < e.end for e in s.evidence for start, end in spans)]
        picked.append((source.article, source.outlet, source.url,
                       result.model_copy(update={"summary": sentences})))
    return synopsis(picked, limit)

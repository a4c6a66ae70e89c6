"""Extract: small, constrained questions to the model; verification decides what survives.

The guided engine suits every backend, including a 270M base model: rules propose
candidate spans (names, places, numbers, dates, sources), the model chooses among
them through schema enums (taxonomy values, candidate names, the article's own
sentences), and each answer is checked against its evidence. A failed check is
re-asked with the reason and without the rejected option; after the bounded number
of attempts the value is reported in `rejected`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Literal

from pydantic import BaseModel, create_model

from summarize import candidates as cand
from summarize import verify
from summarize.errors import ModelAnswerError
from summarize.llm import ModelClient
from summarize.models import (
    Actor,
    ActorRole,
    Claim,
    Event,
    EventDate,
    EventStatus,
    EventSubType,
    Evidence,
    Location,
    Quantity,
    QuantityUnit,
    Rejected,
    SummarySentence,
)
from summarize.prompts import load_prompt
from summarize.segment import Sentence, chunk_sentences
from summarize.taxonomy import EVENT_SUBTYPES, REPORTING_VERBS, event_type_of

NONE = "none"
MAX_EVENT_SENTENCES = 40  # per-sentence questions stay bounded on very long articles
MAX_CLAIMS = 8
MAX_QUANTITIES = 12
SUMMARY_SENTENCES = 3
SUMMARY_CONTEXT_CHARS = 6000
LOADED_WORDS = (
    "tragic", "robust", "meticulous", "shameful", "cowardly", "heinous", "brutal", "barbaric", "terrorist",
    "regime", "slaughter", "massacre", "decisive", "dangerous", "precarious", "volatile", "notorious",
    "so-called", "evil", "heroic", "glorious", "disgraceful", "outrageous", "dramatic", "long-overdue",
    "terrifying", "horrific", "shocking", "infamous", "thugs", "gang of",
)
EVENT_CUE_SUBTYPES = [s for s in EventSubType if s is not EventSubType.statement]


def one_line(text: str) -> str:
    """Article data confined to one line, so it cannot open a new prompt field."""
    return re.sub(r"\s+", " ", text).strip()


def label(text: str) -> str:
    """An enum option naming a span of article text. llama.cpp's schema-to-grammar converter
    mis-escapes quotes and backslashes inside enum values, so those are replaced; the option
    only identifies the span, and evidence always comes from the source itself."""
    return one_line(text).replace('"', "'").replace("\\", "/")


def _options_model(name: str, fields: dict[str, list[str]]) -> type[BaseModel]:
    return create_model(name, **{key: (Literal[tuple(values)], ...) for key, values in fields.items()})


@dataclass
class Outcome:
    answer: dict[str, str] | None
    attempts: int
    passage: str = ""
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (field, value, reason)


@dataclass
class Asker:
    """Asks one enum-constrained question with bounded, actionable re-asks."""

    client: ModelClient
    max_attempts: int
    reasks: int = 0

    def ask(
        self,
        prompt: str,
        query: str,
        options: dict[str, list[str]],
        check: Callable[[dict[str, str]], tuple[str, str] | None],
        *,
        passage: str,
        max_tokens: int = 64,
    ) -> Outcome:
        """`passage` is the evidence the answer is checked against; a re-ask quotes it."""
        messages = [{"role": "user", "content": load_prompt(prompt) + "\n\n" + query}]
        remaining = {key: list(values) for key, values in options.items()}
        outcome = Outcome(answer=None, attempts=0, passage=passage)
        for attempt in range(1, self.max_attempts + 1):
            outcome.attempts = attempt
            answer_model = _options_model(f"{prompt.title().replace('_', '')}Answer", remaining)
            try:
                answer = self.client.ask(messages, answer_model, max_tokens=max_tokens).model_dump()
            except ModelAnswerError as error:  # unparseable answer: a failed attempt, not a failed article
                outcome.failures.append(("answer", "(no valid answer)", str(error)))
                continue
            problem = check(answer)
            if problem is None:
                outcome.answer = answer
                return outcome
            failed_field, reason = problem
            outcome.failures.append((failed_field, answer[failed_field], reason))
            remaining[failed_field] = [v for v in remaining[failed_field] if v != answer[failed_field]]
            if not remaining[failed_field] or attempt == self.max_attempts:
                break
            self.reasks += 1
            messages = messages + [
                {"role": "assistant", "content": json.dumps(answer)},
                {"role": "user", "content": f"Rejected: {failed_field}={answer[failed_field]!r}: {reason}. "
                 f"The evidence is: {one_line(passage)}\n"
                 f"Choose again from: {', '.join(remaining[failed_field])}.\nAnswer:"},
            ]
        return outcome


@dataclass
class Draft:
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class GuidedExtractor:
    def __init__(self, client: ModelClient, text: str, sentences: list[Sentence], published, max_attempts: int):
        self.client = client
        self.text = text
        self.sentences = [s for s in sentences if s.usable]
        self.published = published
        self.asker = Asker(client, max_attempts)
        self.draft = Draft()

    # -- helpers -----------------------------------------------------------------------

    def _evidence(self, sentence: Sentence, span: cand.Span | None = None) -> Evidence:
        start = sentence.start + (span.start if span else 0)
        end = sentence.start + (span.end if span else len(sentence.text))
        return Evidence(start=start, end=end, quote=self.text[start:end], match="exact")

    def _reject(self, path: str, outcome: Outcome, describe: str = "") -> None:
        failed_field, value, reason = outcome.failures[-1]
        self.draft.rejected.append(
            Rejected(
                field=f"{path}.{failed_field}",
                value=f"{value}{describe}",
                reason=reason,
                attempts=outcome.attempts,
                nearest=outcome.passage,
            )
        )

    # -- stages ------------------------------------------------------------------------

    def run(self) -> Draft:
        mentions = self._event_mentions()
        self._build_events(mentions)
        self._quantities(mentions)
        self._claims()
        self._summary()
        return self.draft

    def _event_mentions(self) -> list[tuple[Sentence, EventSubType, EventStatus, str]]:
        mentions = []
        asked = 0
        for sentence in self.sentences:
            possible = [s for s in EVENT_CUE_SUBTYPES if verify.has_cue(sentence.text, EVENT_SUBTYPES[s][1])]
            if not possible:
                continue
            if asked == MAX_EVENT_SENTENCES:
                self.draft.warnings.append(
                    f"long article: events were looked for in the first {MAX_EVENT_SENTENCES} sentences that name "
                    f"one; the rest (from offset {sentence.start}) were not examined"
                )
                break
            asked += 1

            def check(answer: dict[str, str], quote: str = sentence.text) -> tuple[str, str] | None:
                if answer["event"] == NONE:
                    return None
                if reason := verify.check_event_type(answer["event"], quote):
                    return "event", reason
                if reason := verify.check_status(answer["status"], quote):
                    return "status", reason
                return None

            outcome = self.asker.ask(
                "event_type",
                f"Sentence: {one_line(sentence.text)}\nAnswer:",
                # Only the kinds whose cue words occur in the sentence, so the answer can be grounded.
                {"event": [s.value for s in possible] + [NONE], "status": [s.value for s in EventStatus]},
                check,
                passage=sentence.text,
            )
            if outcome.answer is None:
                self._reject(f"sentences[{sentence.index}]", outcome)
            elif outcome.answer["event"] != NONE:
                sub_type = EventSubType(outcome.answer["event"])
                trigger = verify.has_cue(sentence.text, EVENT_SUBTYPES[sub_type][1]) or ""
                mentions.append((sentence, sub_type, EventStatus(outcome.answer["status"]), trigger))
        return mentions

    @staticmethod
    def _group_mentions(mentions) -> list[list]:
        """Mentions of one sub-type are one event unless they name different places
        ('strikes in Iraq' and 'a drone attack in Jordan' are two events)."""
        groups: list[tuple[EventSubType, set[str], list]] = []
        for mention in mentions:
            places = {span.text for span in cand.places(mention[0].text)}
            for sub_type, seen, members in groups:
                if sub_type is mention[1] and (not places or not seen or places & seen):
                    members.append(mention)
                    seen |= places
                    break
            else:
                groups.append((mention[1], places, [mention]))
        return [members for _, _, members in groups]

    def _build_events(self, mentions) -> None:
        self._event_sentences: dict[int, int] = {}
        for index, group in enumerate(self._group_mentions(mentions)):
            main, sub_type, status, trigger = group[0]
            group_sentences = [m[0] for m in group]
            event = Event(
                event_type=event_type_of(sub_type),
                sub_type=sub_type,
                status=status,
                trigger=trigger,
                evidence=[self._evidence(s) for s in group_sentences],
            )
            event.date = self._date(group_sentences)
            event.location = self._location(f"events[{index}].location", group_sentences)
            event.actors = self._actors(f"events[{index}].actors", main)
            self.draft.events.append(event)
            self._event_sentences.update({s.index: index for s in group_sentences})

    def _date(self, sentences: list[Sentence]) -> EventDate | None:
        for sentence in sentences:
            for mention in cand.dates(sentence.text, self.published):
                return EventDate(
                    text=mention.span.text,
                    value=mention.value,
                    precision=mention.precision,
                    relative=mention.relative,
                    evidence=[self._evidence(sentence, mention.span)],
                )
        return None

    def _location(self, path: str, sentences: list[Sentence]) -> Location | None:
        for sentence in sentences:
            spans = cand.places(sentence.text)
            if not spans:
                continue
            chosen = spans[0]
            if len({label(span.text) for span in spans}) > 1:
                by_text = {label(span.text): span for span in spans}

                def check(answer: dict[str, str], quote: str = sentence.text) -> tuple[str, str] | None:
                    reason = verify.check_phrase(by_text[answer["place"]].text, quote)
                    return ("place", reason) if reason else None

                outcome = self.asker.ask(
                    "location",
                    f"Sentence: {one_line(sentence.text)}\nPlaces: {' | '.join(by_text)}\nAnswer:",
                    {"place": list(by_text)},
                    check,
                    passage=sentence.text,
                )
                if outcome.answer is None:
                    self._reject(path, outcome)
                    return None
                chosen = by_text[outcome.answer["place"]]
            country = cand.country_of(chosen.text) or next(iter(cand.countries(sentence.text)), None)
            return Location(place=chosen.text, country=country, evidence=[self._evidence(sentence, chosen)])
        return None

    def _actors(self, path: str, sentence: Sentence) -> list[Actor]:
        spans = cand.names(sentence.text)
        places = {span.text for span in cand.places(sentence.text)}
        spans = [s for s in spans if s.text not in places]
        if not spans:
            return []
        by_text = {label(span.text): span for span in spans}
        names = list(by_text)

        def check(answer: dict[str, str], quote: str = sentence.text) -> tuple[str, str] | None:
            if answer["initiator"] != NONE and answer["initiator"] == answer["target"]:
                return "target", "the initiator and the target cannot be the same name"
            for role in ("initiator", "target"):
                if answer[role] != NONE and (reason := verify.check_phrase(by_text[answer[role]].text, quote)):
                    return role, reason
            return None

        outcome = self.asker.ask(
            "actors",
            f"Sentence: {one_line(sentence.text)}\nNames: {' | '.join(names)}\nAnswer:",
            {"initiator": names + [NONE], "target": names + [NONE]},
            check,
            passage=sentence.text,
        )
        if outcome.answer is None:
            self._reject(path, outcome)
            return []
        actors = []
        for role in ("initiator", "target"):
            chosen = outcome.answer[role]
            if chosen != NONE:
                span = by_text[chosen]
                actors.append(Actor(name=span.text, role=ActorRole(role), evidence=[self._evidence(sentence, span)]))
        return actors

    def _quantities(self, mentions) -> None:
        if not self.draft.events:
            return
        asked = 0
        for sentence in self.sentences:
            for mention in cand.numbers(sentence.text):
                if asked >= MAX_QUANTITIES:
                    self.draft.warnings.append(
                        f"quantities: only the first {MAX_QUANTITIES} numbers were examined (stopped at offset "
                        f"{sentence.start + mention.span.start})"
                    )
                    return
                context = cand.clause(sentence.text, mention.span)
                head = cand.head_words(sentence.text, mention.span)
                units = [u.value for u in QuantityUnit]
                asked += 1

                def check(answer: dict[str, str], context: cand.Span = context, head: str = head):
                    reason = verify.check_unit(answer["counts"], context.text, head)
                    return ("counts", reason) if reason else None

                outcome = self.asker.ask(
                    "quantity_unit",
                    f"Sentence: {one_line(sentence.text)}\nNumber: {mention.number_text}\nAnswer:",
                    {"counts": units},
                    check,
                    passage=context.text,
                )
                event_index = self._event_for(sentence)
                path = f"events[{event_index}].quantities[]"
                if outcome.answer is None:
                    self._reject(path, outcome, describe=f" (for '{mention.span.text}')")
                    continue
                unit = QuantityUnit(outcome.answer["counts"])
                attribution = cand.attribution_for(sentence.text, mention.span)
                self.draft.events[event_index].quantities.append(
                    Quantity(
                        text=context.text,
                        value=mention.value,
                        min=mention.min,
                        max=mention.max,
                        qualifier=mention.qualifier,
                        unit=unit,
                        attribution=attribution.text if attribution else None,
                        evidence=[self._evidence(sentence, context)]
                        + ([self._evidence(sentence, attribution)] if attribution else []),
                    )
                )

    def _event_for(self, sentence: Sentence) -> int:
        indexes = self._event_sentences
        if sentence.index in indexes:
            return indexes[sentence.index]
        earlier = [i for i in indexes if i < sentence.index]
        return indexes[max(earlier)] if earlier else 0

    def _claims(self) -> None:
        for sentence in self.sentences:
            if not verify.has_cue(sentence.text, REPORTING_VERBS):
                continue
            if len(self.draft.claims) >= MAX_CLAIMS:
                self.draft.warnings.append(f"claims: only the first {MAX_CLAIMS} were kept (stopped at offset {sentence.start})")
                return
            attributed = {label(span.text): span for span in cand.attributions(sentence.text)}
            path = f"claims[{len(self.draft.claims)}]"
            if len(attributed) == 1:  # "X said ..." names its one source: nothing to choose
                speaker_span = next(iter(attributed.values()))
                self.draft.claims.append(Claim(speaker=speaker_span.text, text=sentence.text,
                                               evidence=[self._evidence(sentence), self._evidence(sentence, speaker_span)]))
                continue
            sources = cand.attributions(sentence.text) + cand.names(sentence.text)
            by_text = {label(span.text): span for span in sources}
            if not by_text:
                continue

            def check(answer: dict[str, str], quote: str = sentence.text) -> tuple[str, str] | None:
                if answer["speaker"] == "unnamed":
                    return None
                reason = verify.check_phrase(by_text[answer["speaker"]].text, quote)
                return ("speaker", reason) if reason else None

            outcome = self.asker.ask(
                "speaker",
                f"Sentence: {one_line(sentence.text)}\nSources: {' | '.join(by_text)}\nAnswer:",
                {"speaker": list(by_text) + ["unnamed"]},
                check,
                passage=sentence.text,
            )
            if outcome.answer is None:
                self._reject(path, outcome)
                continue
            speaker = outcome.answer["speaker"]
            evidence = [self._evidence(sentence)]
            if speaker != "unnamed":
                evidence.append(self._evidence(sentence, by_text[speaker]))
                speaker = by_text[speaker].text
            self.draft.claims.append(Claim(speaker=speaker, text=sentence.text, evidence=evidence))

    def _summary(self) -> None:
        context = chunk_sentences(self.sentences, SUMMARY_CONTEXT_CHARS)[:1]
        shown = context[0] if context else []
        pool = [s for s in shown if 6 <= len(s.text.split()) <= 60]
        neutral = [s for s in pool if not verify.has_cue(s.text, LOADED_WORDS)]
        if len(neutral) >= SUMMARY_SENTENCES:
            pool = neutral
        if not pool:
            return
        article = "\n".join(f"[{i + 1}] {label(s.text)}" for i, s in enumerate(shown))
        chosen: list[Sentence] = []
        for position in range(1, min(SUMMARY_SENTENCES, len(pool)) + 1):
            options = {label(s.text): s for s in pool if s not in chosen}
            outcome = self.asker.ask(
                "summary",
                f"Article:\n{article}\nSummary sentence {position}:",
                {"sentence": list(options)},
                lambda answer: None,  # chosen from the article's own sentences: verbatim by construction
                passage=article,
                max_tokens=max(len(option) for option in options) // 2 + 32,  # room for the longest sentence
            )
            if outcome.answer is None:
                self._reject(f"summary[{position - 1}]", outcome)
                break
            chosen.append(options[outcome.answer["sentence"]])
        for sentence in sorted(chosen, key=lambda s: s.start):
            self.draft.summary.append(SummarySentence(text=sentence.text, evidence=[self._evidence(sentence)]))

"""The direct engine: one call per article (per chunk of a long article) on a capable model.

One request sends the fixed instructions (a stable prefix servers can cache) and the
article's usable sentences, numbered, in a delimited data block; the model returns the
whole typed result (`direct_answer.DirectAnswer`), every fact with a verbatim quote.
Nothing the model says is trusted: every field is located in the article and passes the
meaning checks of `verify.meaning` (trigger, status, type, role, unit, attachment),
value support, attribution, and for summary sentences `verify.summary_sentence`.
Failed facts are re-asked once, together in one follow-up call that lists each with its
reason and the nearest passage; what still fails goes to `rejected`. So a chunk costs
one call, or two; never more.

Which failures earn the second call (measured on the fixtures, BENCHMARKS.md):
- Only wrong words or numbers (`WORDING`): a quote, name, date, place or attribution that
  is not in the sentence, a trigger not in its quote, a number or qualifier that differs
  from the quote, a number phrase quoted without the number the sentence counts, a figure's
  attribution left out, a summary sentence that fails its checks. The model can fix these
  by quoting or counting again.
- A `READING` failure (the checks read the syntax otherwise: role, status, type, unit,
  attachment, no speaker, another speaker or source than the model's, not a date or place,
  a number the parser does not count) never earns a call on its own: a re-ask could only
  push the model towards the checks' reading, and on the labelled facts these are mostly
  the checks' limits, not the model's errors. It rides along in a call the wording
  failures earned, when the budget allows; else it is rejected with "not re-asked: the
  check reads the sentence's syntax otherwise ...".
- The re-ask keeps to a token budget: the chunk's prompts beyond one fixed prefix per
  call, re-ask included, stay within `direct_prompt_ratio` (1.5) x the chunk's article
  tokens, estimated by `estimate_tokens`. It lists the most worth first (wording failures,
  then events, quantities, actors/places/dates, claims, summary; a shared passage is sent
  once); the rest are rejected with "not re-asked: over the re-ask token budget". The first
  call takes about 1.25x, so an article under about 400 tokens has no room for a re-ask at
  the default ratio. An unusable answer (broken JSON) is asked again in full, outside the
  budget: there is nothing to correct, only the same request.

`responds_to` links come from the syntax of the verified events' sentences
(`frames.mentions_in`), never from the model, and join two verified events.

Sentences that address a language model, and headings, are never sent and never evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from summarize.article import numbers_dates as nd
from summarize.article import sources
from summarize.article.loaded import find_loaded_language, own_voice
from summarize.article.language import Parsed, Sentence, chunk_sentences
from summarize.backends.client import ModelClient
from summarize.errors import ModelAnswerError
from summarize.extract import frames
from summarize.extract.direct_answer import (
    DirectAnswer,
    DirectClaim,
    DirectEvent,
    DirectQuantity,
    DirectSummarySentence,
)
from summarize.extract.prompts import load_prompt
from summarize.models import (
    Actor,
    Claim,
    Event,
    EventDate,
    EventLink,
    EventRelation,
    EventStatus,
    EventSubType,
    Evidence,
    Location,
    Quantity,
    Rejected,
    SummarySentence,
)
from summarize.settings import Settings
from summarize.taxonomy import PEOPLE_UNITS, REPORTING_VERBS, STATEMENT_VERBS, event_type_of
from summarize.verify import meaning
from summarize.verify.folding import fold
from summarize.verify.locate import locate
from summarize.verify.summary_sentence import Attribution, check_summary_sentence
from summarize.verify.support import numbers_in

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

OPEN, CLOSE = "<<<ARTICLE", "ARTICLE>>>"
CHARS_PER_TOKEN = 4  # chunk budget in characters, for backends that cannot count tokens
MAX_SUMMARY_SENTENCES = 4
PLACE_ENTITIES = ("GPE", "LOC", "FAC", "ORG", "NORP")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, limit: int = 200) -> str:
    """At most `limit` characters of a value or reason in a re-ask (its passage is sent whole)."""
    text = one_line(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def loaded_terms_in_own_voice(text: str) -> list[str]:
    """Loaded wording a summary sentence uses in its own voice (`article.loaded`'s lexicon;
    quoted or reported wording is attributed, not loaded)."""
    return [term.term for term in own_voice(find_loaded_language(text))]


WORDING = "wording"  # the answer's words or numbers differ from the article: other words can fix it
READING = "reading"  # the check reads the sentence's syntax otherwise (role, status, type, unit, speaker)
# What a re-ask is worth, kind by kind: an event carries its actors, place, date and quantities.
REASK_ORDER = {"event": 0, "quantity": 1, "actor": 2, "place": 2, "date": 2, "claim": 3, "summary": 4}
OVER_BUDGET = "; not re-asked: over the re-ask token budget"
NOT_WORTH_A_CALL = ("; not re-asked: the check reads the sentence's syntax otherwise, and only wrong words or "
                    "numbers earn a second call")
# The estimate's error against the Gemma 3 tokenizer reaches about +9% on an article: the re-ask
# budget keeps this much of the ratio in reserve, so the counted tokens stay within the ratio.
ESTIMATE_MARGIN = 0.1
PIECE = re.compile(r"\d|[^\W\d_]+|[^\w\s]")


def estimate_tokens(text: str) -> int:
    """About one token per word, digit and punctuation mark (a long word counts one per 8
    letters): within -20%..+9% of the Gemma 3 tokenizer on the articles and prompts of the
    bench (BENCHMARKS.md), with no tokenizer to load; any backend's tokenizer differs anyway."""
    return sum(1 if len(piece) <= 8 else -(-len(piece) // 8) for piece in PIECE.findall(text))


@dataclass
class Failure:
    """A field that did not verify: re-asked once (if `reaskable` and it fits), then rejected."""

    path: str
    kind: str  # event | actor | quantity | date | place | claim | summary
    value: str
    reason: str
    nearest: Sentence | None
    reaskable: bool = True
    cause: str = WORDING  # WORDING earns a re-ask; READING only rides along in one


@dataclass
class Grounded:
    start: int
    end: int
    match: str
    sentence: Sentence


@dataclass
class Accepted:
    kind: str
    sentences: frozenset[int]  # Sentence.index of the fact's sentence(s)


@dataclass
class DirectExtractor:
    client: ModelClient
    parsed: Parsed
    published: dt.date | None
    settings: Settings
    title: str | None = None
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    calls: int = 0
    reasks: int = 0
    chunks: int = 0

    def __post_init__(self) -> None:
        self.text = self.parsed.text
        self.prefix = load_prompt("direct")
        # Never sent, never evidence: headings, sentences addressing a model, and any that
        # would close the data block early.
        self.usable = [s for s in self.parsed.sentences
                       if s.usable and OPEN not in s.text and CLOSE not in s.text]
        self.number = {s.index: n for n, s in enumerate(self.usable, 1)}
        self.by_number = {n: s for n, s in enumerate(self.usable, 1)}
        self.usable_indexes = {s.index for s in self.usable}
        self.trigger_of: dict[int, int] = {}  # trigger token index -> event index
        self._accepted: list[Accepted] = []

    # -- the conversation ----------------------------------------------------------------

    def _data_block(self, sentences: list[Sentence]) -> str:
        lines = "\n".join(f"[{self.number[s.index]}] {one_line(s.text)}" for s in sentences)
        return f"{OPEN}\n{lines}\n{CLOSE}"

    def _request(self, sentences: list[Sentence], first_chunk: bool) -> list[dict[str, str]]:
        task = ("Extract the events, claims and a 2-4 sentence summary of this article." if first_chunk else
                "This is a later part of a long article: extract its events and claims; summary: [].")
        # One user message (Gemma's chat format drops system messages); the prefix never changes.
        return [{"role": "user", "content": f"{self.prefix}\n\n{self._data_block(sentences)}\n{task}"}]

    def _ask(self, messages: list[dict[str, str]]) -> tuple[DirectAnswer | None, str | None]:
        self.calls += 1
        try:
            return self.client.ask(messages, DirectAnswer, max_tokens=self.settings.direct_max_tokens,
                                   parse_retries=0), None
        except ModelAnswerError as error:
            return None, str(error)

    def run(self) -> "DirectExtractor":
        if not self.usable:
            return self
        max_chars = self.settings.direct_chunk_tokens * CHARS_PER_TOKEN
        for position, chunk in enumerate(chunk_sentences(self.usable, max_chars)):
            self.chunks += 1
            self._run_chunk(chunk, first_chunk=position == 0)
        self._finish()
        return self

    def _run_chunk(self, chunk: list[Sentence], first_chunk: bool) -> None:
        messages = self._request(chunk, first_chunk)
        answer, error = self._ask(messages)
        if answer is None:
            if self.settings.max_attempts < 2:
                self._reject_chunk(chunk, error, 1)
                return
            # The one re-ask of this chunk: the same request, told why the answer was refused.
            self.reasks += 1
            retry = messages + [{"role": "user", "content": f"Your answer was not usable ({error}). Answer again "
                                                            "with one complete JSON object in the schema."}]
            answer, error = self._ask(retry)
            if answer is None:
                self._reject_chunk(chunk, error, 2)
                return
            for failure in self._accept(answer, first_chunk):
                self._reject(failure, 2)
            return
        failures = self._accept(answer, first_chunk)
        reaskable = [f for f in failures if f.reaskable]
        for failure in failures:
            if not failure.reaskable:
                self._reject(failure, 1)
        if not reaskable:
            return
        if self.settings.max_attempts < 2:
            for failure in reaskable:
                self._reject(failure, 1)
            return
        budget = self._reask_budget(chunk, messages)
        chosen = self._choose_reasks(reaskable, budget, first_chunk)
        worth_a_call = any(f.cause == WORDING for f in reaskable)
        for failure in reaskable:
            if not any(failure is f for f in chosen):
                self._reject(failure, 1, OVER_BUDGET if worth_a_call else NOT_WORTH_A_CALL)
        if not chosen:
            return
        reaskable = chosen
        self.reasks += 1
        accepted_before = len(self._accepted)
        correction, error = self._ask(self._follow_up(reaskable, first_chunk))
        late_failures = self._accept(correction, first_chunk) if correction is not None else []
        fixed = self._accepted[accepted_before:]
        repeated = {(f.kind, f.value): f for f in late_failures}
        for failure in reaskable:
            if any(a.kind == failure.kind and failure.nearest is not None and failure.nearest.index in a.sentences
                   for a in fixed):
                continue
            again = repeated.pop((failure.kind, failure.value), None)
            if again is not None:  # the same value again: the latest reason
                failure.reason = again.reason
            note = "" if correction is not None else f"; the re-ask gave no usable answer ({error})"
            self._reject(failure, 2, note)
        for failure in repeated.values():
            self._reject(failure, 2)

    def _reask_budget(self, chunk: list[Sentence], messages: list[dict[str, str]]) -> int:
        """Tokens a re-ask may send beyond the prefix: the chunk's prompts, both calls, stay within
        `direct_prompt_ratio` x its article tokens (estimated, see `estimate_tokens`, with
        ESTIMATE_MARGIN in reserve)."""
        article = estimate_tokens("\n".join(s.text for s in chunk))
        first = estimate_tokens(messages[0]["content"]) - estimate_tokens(self.prefix)
        return int((self.settings.direct_prompt_ratio - ESTIMATE_MARGIN) * article) - first

    def _choose_reasks(self, failures: list[Failure], budget: int, first_chunk: bool) -> list[Failure]:
        """The failures the one re-ask lists, within `budget` tokens beyond the prefix.

        Only wrong words or numbers (WORDING) earn the call: the model can fix them by quoting or
        counting again. A READING failure (the meaning check reads the syntax otherwise) rides
        along when a call is made and the budget allows. Most worth first: what other words can
        fix, then events (they carry their sub-facts), quantities, actors/places/dates, claims,
        the summary; a passage shared by several failures is sent once."""
        if not any(f.cause == WORDING for f in failures):
            return []
        ranked = sorted(failures, key=lambda f: (f.cause != WORDING, REASK_ORDER.get(f.kind, 5)))
        prefix = estimate_tokens(self.prefix)
        chosen: set[int] = set()
        for failure in ranked:
            trial = [f for f in failures if id(f) in chosen or f is failure]  # the answer's order, as listed
            if estimate_tokens(self._follow_up(trial, first_chunk)[0]["content"]) - prefix <= budget:
                chosen.add(id(failure))
        listed = [f for f in failures if id(f) in chosen]
        return listed if any(f.cause == WORDING for f in listed) else []

    def _follow_up(self, failures: list[Failure], first_chunk: bool) -> list[dict[str, str]]:
        passages = sorted({f.nearest.index: f.nearest for f in failures if f.nearest is not None}.values(),
                          key=lambda s: s.start)
        listing = []
        for n, failure in enumerate(failures, 1):
            near = f" [{self.number[failure.nearest.index]}]" if failure.nearest else ""
            owner = re.match(r"events\[(\d+)\]\.", failure.path)  # a sub-fact: name its event's trigger
            of = f" of '{self.events[int(owner[1])].trigger}'" if owner else ""
            listing.append(f"{n}. {failure.kind}{of} {shorten(failure.value, 100)!r}: "
                           f"{shorten(failure.reason, 160)}.{near}")
        summary_note = "" if any(f.kind == "summary" for f in failures) and first_chunk else "\nsummary: []"
        content = (f"{self.prefix}\n\n{self._data_block(passages)}\n"
                   "These facts failed verification; send fixed ones only, a sub-fact inside its event; omit "
                   "what the article does not support:\n" + "\n".join(listing) + summary_note)
        return [{"role": "user", "content": content}]

    # -- grounding --------------------------------------------------------------------------

    def _sentence_at(self, offset: int) -> Sentence | None:
        return next((s for s in self.parsed.sentences if s.start <= offset < s.end), None)

    def _nearest(self, quote: str, hint: int | None = None) -> Sentence | None:
        if hint in self.by_number and quote and fuzz.partial_ratio(fold(quote).text,
                                                                   fold(self.by_number[hint].text).text) >= 60:
            return self.by_number[hint]
        if not quote.strip():
            return self.by_number.get(hint)
        texts = [fold(s.text).text for s in self.usable]
        best = process.extractOne(fold(quote).text, texts, scorer=fuzz.partial_ratio, score_cutoff=50)
        return self.usable[best[2]] if best else self.by_number.get(hint)

    def _ground(self, quote: str, hint: int | None = None, within: Sentence | None = None) -> Grounded | str:
        """Locate `quote` in one usable sentence (in `within` when given), else say why not."""
        if not quote or not quote.strip():
            return "the quote is empty"
        if within is not None:
            found = locate(quote, within.text)
            if found is None:
                return f"'{quote}' is not in the sentence [{self.number.get(within.index, '?')}]"
            return Grounded(within.start + found.start, within.start + found.end, found.match.value, within)
        near = self.by_number[hint].start if hint in self.by_number else None
        found = locate(quote, self.text, near=near)
        if found is None:
            return "the quote is not in the article"
        sentence = self._sentence_at(found.start)
        if sentence is None or sentence.index not in self.usable_indexes:
            instruction = sentence is not None and sentence.instruction_like
            return ("the quote is in a sentence that addresses a language model; it is never evidence"
                    if instruction else "the quote is not in a sentence of the article's prose")
        if found.end > sentence.end:
            return "the quote runs over more than one sentence; quote one sentence"
        return Grounded(found.start, found.end, found.match.value, sentence)

    def _evidence(self, start: int, end: int, match: str = "exact") -> Evidence:
        return Evidence(start=start, end=end, quote=self.text[start:end], match=match)

    def _sentence_evidence(self, sentence: Sentence) -> Evidence:
        return self._evidence(sentence.start, sentence.end)

    def _span(self, start: int, end: int) -> "Span | None":
        return self.parsed.doc.char_span(start, end, alignment_mode="expand")

    def _reject(self, failure: Failure, attempts: int, note: str = "") -> None:
        self.rejected.append(Rejected(field=failure.path, value=failure.value.strip() or "(empty)",
                                      reason=failure.reason + note,
                                      attempts=attempts,
                                      nearest=failure.nearest.text if failure.nearest is not None else None))

    def _reject_chunk(self, chunk: list[Sentence], error: str | None, attempts: int) -> None:
        first, last = self.number[chunk[0].index], self.number[chunk[-1].index]
        self.rejected.append(Rejected(field=f"sentences[{first}-{last}]", value="(the whole answer)",
                                      reason=f"no usable answer: {error}", attempts=attempts))
        self.warnings.append(f"sentences {first}-{last}: the model gave no usable answer; nothing was extracted")

    # -- accepting an answer -----------------------------------------------------------------

    def _accept(self, answer: DirectAnswer, first_chunk: bool) -> list[Failure]:
        failures: list[Failure] = []
        for event in answer.events:
            failures += self._accept_event(event)
        for claim in answer.claims:
            failures += self._accept_claim(claim)
        if first_chunk:
            for position, sentence in enumerate(answer.summary):
                failures += self._accept_summary(sentence, f"summary[{position}]")
        return failures

    def _trigger_token(self, trigger: str, grounded: Grounded) -> "Token | None":
        """The token of the quote the trigger names (the root of a several-word trigger)."""
        words = fold(trigger).text.split()
        span = self._span(grounded.start, grounded.end)
        if not words or span is None:
            return None
        tokens = list(span)
        for at in range(len(tokens) - len(words) + 1):
            if [fold(t.text).text for t in tokens[at:at + len(words)]] == words:
                return self.parsed.doc[tokens[at].i:tokens[at].i + len(words)].root
        return None

    def _accept_event(self, proposed: DirectEvent) -> list[Failure]:
        value = f"{proposed.trigger}: {proposed.sub_type.value} ({proposed.status.value})"
        grounded = self._ground(proposed.quote, proposed.sentence)
        nearest = grounded.sentence if isinstance(grounded, Grounded) else self._nearest(proposed.quote,
                                                                                          proposed.sentence)
        if isinstance(grounded, str):
            instruction = "addresses a language model" in grounded
            return [Failure("events[]", "event", value, grounded, None if instruction else nearest,
                            reaskable=not instruction)]
        trigger = self._trigger_token(proposed.trigger, grounded)
        if trigger is None:
            return [Failure("events[]", "event", value, f"'{proposed.trigger}' is not a word of the quote", nearest)]
        if meaning.status_of(trigger) is None:
            return [Failure("events[]", "event", value, f"'{one_line(nearest.text)}' is hedged or habitual: it "
                            "asserts no event", nearest, reaskable=False)]
        reason = meaning.check_status(proposed.status, trigger)
        if reason is None and proposed.sub_type is EventSubType.statement and \
                trigger.lemma_.lower() not in STATEMENT_VERBS | REPORTING_VERBS:
            reason = f"'{trigger.text}' is not a statement verb"
        reason = reason or meaning.check_type(proposed.sub_type, trigger)
        if reason:
            return [Failure("events[]", "event", value, reason, nearest, cause=READING)]

        index = self.trigger_of.get(trigger.i)
        if index is None:  # a new event; the same trigger span again is the same event
            index = len(self.events)
            self.trigger_of[trigger.i] = index
            self.events.append(Event(
                event_type=event_type_of(proposed.sub_type), sub_type=proposed.sub_type, status=proposed.status,
                trigger=trigger.text, what=self._evidence(trigger.idx, trigger.idx + len(trigger.text)),
                evidence=[self._evidence(grounded.start, grounded.end, grounded.match)],
                main=proposed.main,
            ))
        self._accepted.append(Accepted("event", frozenset({nearest.index})))
        event = self.events[index]
        path = f"events[{index}]"
        failures: list[Failure] = []
        sentence = grounded.sentence
        if proposed.date:
            failures += self._accept_date(event, path, proposed.date, sentence)
        if proposed.place:
            failures += self._accept_place(event, path, proposed.place, sentence)
        for actor in proposed.actors:
            failures += self._accept_actor(event, path, actor.name, actor.role, trigger, sentence)
        for quantity in proposed.quantities:
            failures += self._accept_quantity(event, path, quantity, trigger, sentence)
        return failures

    def _accept_date(self, event: Event, path: str, words: str, sentence: Sentence) -> list[Failure]:
        grounded = self._ground(words, within=sentence)
        if isinstance(grounded, str):
            return [Failure(f"{path}.date", "date", words, grounded, sentence)]
        relative_start = grounded.start - sentence.start
        mention = next((m for m in nd.dates(sentence.text, self.published)
                        if m.span.start <= relative_start < m.span.end or
                        relative_start <= m.span.start < grounded.end - sentence.start), None)
        if mention is not None:
            start, end = sentence.start + mention.span.start, sentence.start + mention.span.end
            value, precision, relative = mention.value, mention.precision, mention.relative
        else:  # a date the parse knows that the resolver does not ("last week", "in 1958"): unresolved
            span = self._span(grounded.start, grounded.end)
            dated = [t for t in span if t.ent_type_ in ("DATE", "TIME")] if span is not None else []
            if not dated:
                return [Failure(f"{path}.date", "date", words, f"'{words}' is not a date", sentence, cause=READING)]
            start, end = dated[0].idx, dated[-1].idx + len(dated[-1].text)
            value, precision, relative = None, None, False
        if event.date is None:
            event.date = EventDate(text=self.text[start:end], value=value, precision=precision, relative=relative,
                                   evidence=[self._evidence(start, end)])
        self._accepted.append(Accepted("date", frozenset({sentence.index})))
        return []

    def _accept_place(self, event: Event, path: str, words: str, sentence: Sentence) -> list[Failure]:
        grounded = self._ground(words, within=sentence)
        if isinstance(grounded, str):
            return [Failure(f"{path}.location", "place", words, grounded, sentence)]
        span = self._span(grounded.start, grounded.end)
        if span is None or not any(t.ent_type_ in PLACE_ENTITIES or t.pos_ == "PROPN" for t in span):
            return [Failure(f"{path}.location", "place", words, f"'{words}' is not a place name", sentence,
                            cause=READING)]
        if event.location is None:
            place = self.text[grounded.start:grounded.end]
            event.location = Location(place=place, country=nd.country_of(place),
                                      evidence=[self._evidence(grounded.start, grounded.end, grounded.match)])
        self._accepted.append(Accepted("place", frozenset({sentence.index})))
        return []

    def _accept_actor(self, event: Event, path: str, name: str, role, trigger: "Token",
                      sentence: Sentence) -> list[Failure]:
        value = f"{name} ({role.value})"
        grounded = self._ground(name, within=sentence)
        if isinstance(grounded, str):
            return [Failure(f"{path}.actors[]", "actor", value, grounded, sentence)]
        span = self._span(grounded.start, grounded.end)
        reason = meaning.check_role(span, role, trigger) if span is not None else "not a phrase of the sentence"
        if reason:
            return [Failure(f"{path}.actors[]", "actor", value, reason, sentence, cause=READING)]
        evidence = self._evidence(grounded.start, grounded.end, grounded.match)
        if not any(a.evidence[0].start == evidence.start and a.evidence[0].end == evidence.end and a.role is role
                   for a in event.actors):
            event.actors.append(Actor(name=evidence.quote, role=role, evidence=[evidence]))
        self._accepted.append(Accepted("actor", frozenset({sentence.index})))
        return []

    def _triggers_near(self, sentences: list[Sentence]) -> set[int]:
        found = set(self.trigger_of)
        for sentence in sentences:
            found |= {t.i for t in frames.triggers_of(self.parsed, sentence)}
        return found

    def _accept_quantity(self, event: Event, path: str, proposed: DirectQuantity, trigger: "Token",
                         sentence: Sentence) -> list[Failure]:
        stated = proposed.value if proposed.value is not None else f"{proposed.min}-{proposed.max}"
        value = f"{proposed.quote} = {stated} {proposed.qualifier.value} ({proposed.unit.value})"

        def fail(reason: str, near: Sentence | None = sentence, cause: str = WORDING) -> list[Failure]:
            return [Failure(f"{path}.quantities[]", "quantity", value, reason, near, cause=cause)]

        # In the event's sentence, or the one after it (a toll that continues the event).
        following = next((s for s in self.usable if s.start >= sentence.end), None)
        grounded = self._ground(proposed.quote, within=sentence)
        if isinstance(grounded, str) and following is not None:
            grounded = self._ground(proposed.quote, within=following)
        if isinstance(grounded, str):
            return fail(f"'{proposed.quote}' is not in the event's sentence or the one after it")
        home = grounded.sentence
        start_in, end_in = grounded.start - home.start, grounded.end - home.start
        mention = next((m for m in nd.numbers(home.text) if m.span.start < end_in and start_in < m.span.end), None)
        if mention is None:  # wrong words if the sentence counts that number elsewhere; else the parser's reading
            counted = any((m.value, m.min, m.max) == (proposed.value, proposed.min, proposed.max)
                          for m in nd.numbers(home.text))
            return fail(f"no counted number in '{proposed.quote}'", home, WORDING if counted else READING)
        said = f"'{mention.span.text}'"
        if (proposed.value, proposed.min, proposed.max) != (mention.value, mention.min, mention.max):
            return fail(f"the quote says {said}, not {stated}", home)
        if proposed.qualifier is not mention.qualifier:
            return fail(f"the quote says {said}: qualifier {mention.qualifier.value}, not {proposed.qualifier.value}",
                        home)
        span = self._span(home.start + mention.span.start, home.start + mention.span.end)
        number = next((t for t in reversed(span) if t.like_num), None) if span is not None else None
        if number is None:
            return fail(f"no number token in {said}", home, READING)
        reason = meaning.check_unit(proposed.unit, number)
        previous = frozenset(t for t in self.trigger_of if sentence.start <= self.parsed.doc[t].idx < sentence.end)
        reason = reason or meaning.check_attachment(number, trigger, self._triggers_near([sentence, home]),
                                                    previous if home is not sentence else frozenset())
        if reason:
            return fail(reason, home, READING)
        source = sources.attribution_of(number)
        attribution_evidence = None
        if source is not None:
            if not proposed.attribution:
                return fail(f"the article attributes this figure to '{source.text}'; the attribution is missing", home)
            if not _same_source(proposed.attribution, source.text):  # who gave it: two readings of the syntax
                return fail(f"the article attributes this figure to '{source.text}', not '{proposed.attribution}'",
                            home, READING)
            attribution_evidence = self._evidence(source.start_char, source.end_char)
        elif proposed.attribution:
            found = self._ground(proposed.attribution, within=home)
            if isinstance(found, str):
                return fail(f"'{proposed.attribution}' does not give this figure in the article", home)
            attribution_evidence = self._evidence(found.start, found.end, found.match)
        phrase_end = max(grounded.end, home.start + mention.span.end)
        phrase_start = min(grounded.start, home.start + mention.span.start)
        evidence = [self._evidence(phrase_start, phrase_end), self._sentence_evidence(home)]
        if attribution_evidence is not None:
            evidence.append(attribution_evidence)
        if not any(q.evidence[0].start == phrase_start and q.evidence[0].end == phrase_end for q in event.quantities):
            event.quantities.append(Quantity(
                text=self.text[phrase_start:phrase_end], value=mention.value, min=mention.min, max=mention.max,
                qualifier=mention.qualifier, unit=proposed.unit,
                attribution=attribution_evidence.quote if attribution_evidence is not None else None,
                evidence=evidence))
        self._accepted.append(Accepted("quantity", frozenset({sentence.index, home.index})))
        return []

    def _accept_claim(self, proposed: DirectClaim) -> list[Failure]:
        value = f"{proposed.speaker}: {proposed.quote}"
        grounded = self._ground(proposed.quote, proposed.sentence)
        if isinstance(grounded, str):
            instruction = "addresses a language model" in grounded
            return [Failure("claims[]", "claim", value, grounded,
                            None if instruction else self._nearest(proposed.quote, proposed.sentence),
                            reaskable=not instruction)]
        sentence = grounded.sentence
        speaker = sources.claim_speaker(self.parsed, sentence)
        if speaker is None:
            return [Failure("claims[]", "claim", value, "the sentence reports no speaker", sentence, cause=READING)]
        if not _same_source(proposed.speaker, speaker.text):  # who speaks: two readings of the syntax
            return [Failure("claims[]", "claim", value, f"the sentence reports '{speaker.text}' as the speaker, "
                            f"not '{proposed.speaker}'", sentence, cause=READING)]
        quote_evidence = self._evidence(grounded.start, grounded.end, grounded.match)
        if not any(c.evidence[0] == quote_evidence for c in self.claims):
            self.claims.append(Claim(speaker=speaker.text, text=quote_evidence.quote,
                                     evidence=[quote_evidence, self._evidence(speaker.start_char, speaker.end_char)]))
        self._accepted.append(Accepted("claim", frozenset({sentence.index})))
        return []

    def _attributions(self, sentences: list[Sentence]) -> list[Attribution]:
        """What the article attributes in these sentences: casualty figures and blame, with sources."""
        found: list[Attribution] = []
        for sentence in sentences:
            for mention in nd.numbers(sentence.text):
                span = self._span(sentence.start + mention.span.start, sentence.start + mention.span.end)
                number = next((t for t in reversed(span) if t.like_num), None) if span is not None else None
                if number is None or meaning.unit_of(number) not in PEOPLE_UNITS:
                    continue
                source = sources.attribution_of(number)
                if source is not None:
                    found.append(Attribution("figure", source.text, source.root.text,
                                             tuple(numbers_in(mention.span.text))))
            speaker = sources.claim_speaker(self.parsed, sentence)
            if speaker is not None:
                found.append(Attribution("blame", speaker.text, speaker.root.text))
        return found

    def _accept_summary(self, proposed: DirectSummarySentence, path: str) -> list[Failure]:
        """`path` is the sentence's place in the model's answer."""
        if len(self.summary) >= MAX_SUMMARY_SENTENCES:
            return [Failure(path, "summary", proposed.text, "the summary has 4 sentences already", None,
                            reaskable=False)]
        if not proposed.text.strip():
            return [Failure(path, "summary", proposed.text, "the sentence is empty", None, reaskable=False)]
        evidence: list[Evidence] = []
        sentences: list[Sentence] = []
        for quote in proposed.quotes:
            grounded = self._ground(quote)
            if isinstance(grounded, str):
                instruction = "addresses a language model" in grounded
                return [Failure(path, "summary", proposed.text, f"evidence '{quote}': {grounded}",
                                None if instruction else self._nearest(quote), reaskable=not instruction)]
            evidence.append(self._evidence(grounded.start, grounded.end, grounded.match))
            sentences.append(grounded.sentence)
        nearest = sentences[0] if sentences else self._nearest(proposed.text)
        reason = check_summary_sentence(proposed.text, [e.quote for e in evidence], self._attributions(sentences),
                                        loaded_terms_in_own_voice(proposed.text))
        if reason:
            return [Failure(path, "summary", proposed.text, reason, nearest)]
        if all(s.text != proposed.text for s in self.summary):
            self.summary.append(SummarySentence(text=proposed.text, evidence=evidence))
        self._accepted.append(Accepted("summary", frozenset({nearest.index})))
        return []

    # -- merge -------------------------------------------------------------------------------

    def _finish(self) -> None:
        """Events in article order, linked where the syntax says one answers another; one main event."""
        order = sorted(range(len(self.events)), key=lambda i: self.events[i].evidence[0].start)
        self.events = [self.events[i] for i in order]
        self.trigger_of = {token: order.index(index) for token, index in self.trigger_of.items()}
        self._link_responses()
        main = next((e for e in self.events if e.main), None)
        for event in self.events:
            event.main = event is main
        if main is None and self.events:
            typed = [e for e in self.events if e.status is EventStatus.occurred]
            (typed or self.events)[0].main = True
        self.claims.sort(key=lambda c: c.evidence[0].start)

    def _link_responses(self) -> None:
        """`responds_to` links read from the syntax of the verified events' sentences, never from
        the model: `frames.mentions_in` finds 'X in retaliation for Y', 'X followed Y', 'X after
        Y'; both ends must be verified events (a trigger of one, a word naming the same event in
        its clause, or a definite noun like 'the strikes' that refers back to an earlier one)."""
        doc = self.parsed.doc
        sentences = {s.index: s for t in self.trigger_of if (s := self._sentence_at(doc[t].idx)) is not None}
        for sentence in sorted(sentences.values(), key=lambda s: s.start):
            mentions = frames.mentions_in(self.parsed, sentence, self.published)
            for mention in mentions:
                if mention.responds_to is None:
                    continue
                responder = self._event_named(mention.trigger, mentions)
                answered = self._event_named(mention.responds_to, mentions)
                if responder is None or answered is None or responder == answered:
                    continue
                event, target = self.events[responder], self.events[answered]
                if any(link.event == answered for link in event.links) or \
                        any(link.event == responder for link in target.links):
                    continue
                event.links.append(EventLink(relation=EventRelation.responds_to, event=answered,
                                             evidence=[self._sentence_evidence(sentence)]))

    def _event_named(self, token: "Token", mentions: list[frames.Mention]) -> int | None:
        """The verified event a trigger word of this sentence names, if any."""
        if token.i in self.trigger_of:
            return self.trigger_of[token.i]
        mention = next((m for m in mentions if m.trigger.i == token.i), None)
        for other in mentions:  # 'the bombing struck a convoy': one event, two words
            if other.part_of is not None and other.part_of.i == token.i and other.trigger.i in self.trigger_of:
                return self.trigger_of[other.trigger.i]
        if mention is None:
            return None
        if mention.part_of is not None and mention.part_of.i in self.trigger_of:
            return self.trigger_of[mention.part_of.i]
        if mention.refers_back:  # 'The strikes followed ...': the latest earlier event its word names
            earlier = [(t, i) for t, i in self.trigger_of.items()
                       if t < token.i and frames.LEMMA_FAMILIES.get(self.parsed.doc[t].lemma_.lower(),
                                                                    self.parsed.doc[t].lemma_.lower()) == mention.lemma]
            return max(earlier)[1] if earlier else None
        return None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text).text) if w not in ("the", "a", "an", "of", "for", "to")}


def _same_source(proposed: str, actual: str) -> bool:
    """'the ministry' and 'the Estmark defence ministry' name the same source; 'the army' does not."""
    ours, theirs = _words(proposed), _words(actual)
    return bool(ours) and (ours <= theirs or theirs <= ours)


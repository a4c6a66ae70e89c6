"""Grounding: find quotes in the source and check values against their quotes.

Everything here is a pure function of its arguments: no I/O, no model, no clock.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from summarize.models import Evidence, EventStatus, EventSubType, MatchTier, QuantityUnit, Rejected
from summarize.taxonomy import OBJECT_UNITS, PEOPLE_CUES, STATUS_CUES, UNIT_CUES, cues_for

# --- folding: the normalized tier ------------------------------------------------------

_QUOTE_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}
_DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


@dataclass(frozen=True)
class Folded:
    """Text folded for comparison, with `origin[i]` = raw index of folded char i."""

    text: str
    origin: tuple[int, ...]


def fold(raw: str) -> Folded:
    """NFKC + accent stripping, curly->straight quotes, dash variants, whitespace runs, case.

    Leading and trailing whitespace is dropped. Each folded character remembers the raw
    character it came from, so a folded span maps back to exact raw offsets.
    """
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(raw):
        for piece in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", char)):
            if unicodedata.combining(piece):
                continue
            piece = _QUOTE_MAP.get(piece, piece)
            if piece in _DASHES:
                piece = "-"
            if piece.isspace() or unicodedata.category(piece) in ("Cc", "Cf"):
                pending_space = pending_space or (piece.isspace() and bool(chars))
                continue
            if pending_space:
                chars.append(" ")
                origin.append(index)
                pending_space = False
            for low in piece.casefold():
                chars.append(low)
                origin.append(index)
    return Folded("".join(chars), tuple(origin))


# A source is folded once, however many quotes are located in it. Kept apart from `fold`
# so that the many short strings folded by cue checks never evict a source.
_fold_source = lru_cache(maxsize=8)(fold)


def _raw_span(folded: Folded, raw: str, start: int, end: int) -> tuple[int, int]:
    raw_start = folded.origin[start]
    raw_end = folded.origin[end - 1] + 1
    while raw_end < len(raw) and unicodedata.combining(raw[raw_end]):
        raw_end += 1
    return raw_start, raw_end


# --- critical tokens: what a fuzzy match or a value may never change --------------------

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12, "first": 1,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_NEGATIONS = {"no", "not", "never", "none", "nor", "neither", "without", "nobody", "nothing", "cannot"}
# Capitalised words that are grammar, not names.
_FUNCTION_WORDS = {
    "a", "an", "the", "in", "on", "at", "of", "for", "to", "and", "or", "but", "by", "as", "with", "from",
    "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "his", "her", "their",
    "our", "after", "before", "since", "while", "when", "if", "however", "yesterday", "today", "some",
    "both", "all", "there", "what", "who", "also", "according", "despite", "during", "earlier", "later",
}

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


_ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth"}
_CARDINAL_WORDS = "|".join(sorted((w for w in _NUMBER_WORDS if w not in _ORDINAL_WORDS), key=len, reverse=True))
_COMPOUND_RE = re.compile(rf"\b(?:{_CARDINAL_WORDS})(?:(?:[\s-]|\s+and\s+)(?:{_CARDINAL_WORDS}))+\b", re.IGNORECASE)


def words_value(text: str) -> int | None:
    """'twenty-one' -> 21, 'two hundred and five' -> 205, 'three thousand' -> 3000."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and":
            continue
        value = _NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * value
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return total + current


def _with_compounds_as_digits(text: str) -> str:
    def digits(match: re.Match) -> str:
        value = words_value(match.group(0))
        return match.group(0) if value is None else str(value)

    return _COMPOUND_RE.sub(digits, text)


def _canonical_number(token: str) -> str | None:
    if token[0].isdigit():
        digits = token.replace(",", "")
        return digits.rstrip("0").rstrip(".") if "." in digits else digits
    value = _NUMBER_WORDS.get(token.casefold())
    return None if value is None else str(value)


def numbers_in(text: str) -> list[str]:
    """Canonical numbers mentioned in `text`, digits or words ('three' -> '3', '2,500' -> '2500')."""
    found = []
    for token in _TOKEN_RE.findall(_with_compounds_as_digits(text)):
        number = _canonical_number(token)
        if number is not None:
            found.append(number)
    return found


def critical_tokens(text: str) -> list[str]:
    """Numbers, capitalised names, months, weekdays and negations, as comparable keys."""
    keys: list[str] = []
    for token in _TOKEN_RE.findall(_with_compounds_as_digits(text)):
        low = unicodedata.normalize("NFKD", token.casefold()).replace("’", "'")
        number = _canonical_number(token)
        if number is not None:
            keys.append(f"num:{number}")
        elif low in _MONTHS or low in _WEEKDAYS:
            keys.append(f"date:{low[:3]}")
        elif low in _NEGATIONS or low.endswith("n't"):
            keys.append("neg")
        elif token[0].isupper() and low not in _FUNCTION_WORDS:
            keys.append(f"name:{low}")
    return keys


# --- locate ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Located:
    start: int
    end: int
    match: MatchTier


FUZZY_MIN_CHARS = 16
FUZZY_MAX_EDIT_RATIO = 0.08
FUZZY_MAX_EDIT_RUN = 2


def _nearest(positions: Iterable[int], near: int | None) -> int:
    positions = list(positions)
    return positions[0] if near is None else min(positions, key=lambda p: (abs(p - near), p))


def _all_positions(haystack: str, needle: str) -> list[int]:
    positions, at = [], haystack.find(needle)
    while at != -1:
        positions.append(at)
        at = haystack.find(needle, at + 1)
    return positions


def locate(quote: str, source: str, *, near: int | None = None) -> Located | None:
    """Find `quote` in `source`: exact, then normalized, then strict fuzzy; else None.

    The returned span is in raw `source` offsets; `source[start:end]` is what the
    evidence quote becomes. `near` breaks ties between repeated occurrences.
    """
    if not quote or not quote.strip():
        return None
    positions = _all_positions(source, quote)
    if positions:
        start = _nearest(positions, near)
        return Located(start, start + len(quote), MatchTier.exact)

    folded_source = _fold_source(source)
    folded_quote = fold(quote).text
    if not folded_quote:
        return None
    positions = _all_positions(folded_source.text, folded_quote)
    if positions:
        near_folded = None if near is None else _folded_index(folded_source, near)
        start = _nearest(positions, near_folded)
        raw_start, raw_end = _raw_span(folded_source, source, start, start + len(folded_quote))
        return Located(raw_start, raw_end, MatchTier.normalized)

    return _locate_fuzzy(quote, folded_quote, source, folded_source)


def _folded_index(folded: Folded, raw_index: int) -> int:
    for index, origin in enumerate(folded.origin):
        if origin >= raw_index:
            return index
    return len(folded.origin)


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", text)]


def _locate_fuzzy(quote: str, folded_quote: str, source: str, folded_source: Folded) -> Located | None:
    """Strict near-match: small scattered edits only, every critical token unchanged."""
    if len(folded_quote) < FUZZY_MIN_CHARS or len(folded_quote.split()) < 3:
        return None
    text = folded_source.text
    budget = max(1, int(len(folded_quote) * FUZZY_MAX_EDIT_RATIO))
    best: tuple[int, int, int] | None = None  # (distance, start, end)
    starts = _word_starts(text)
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    # Anchor candidate windows on the quote's first and last words (after folding).
    for start in starts:
        if Levenshtein.distance(text[start:start + 8], folded_quote[:8]) > budget:
            continue
        first_end = bisect.bisect_left(ends, start + len(folded_quote) - budget)
        for end in ends[first_end:]:
            if end - start > len(folded_quote) + budget:
                break
            distance = Levenshtein.distance(folded_quote, text[start:end], score_cutoff=budget)
            if distance <= budget and (best is None or distance < best[0]):
                best = (distance, start, end)
    if best is None:
        return None
    _, start, end = best
    window = text[start:end]
    longest_run = 0
    for tag, q1, q2, w1, w2 in Levenshtein.opcodes(folded_quote, window).as_list():
        if tag != "equal":
            longest_run = max(longest_run, q2 - q1, w2 - w1)
    if longest_run > FUZZY_MAX_EDIT_RUN:
        return None
    raw_start, raw_end = _raw_span(folded_source, source, start, end)
    if sorted(critical_tokens(quote)) != sorted(critical_tokens(source[raw_start:raw_end])):
        return None
    return Located(raw_start, raw_end, MatchTier.fuzzy)


def evidence_is_valid(evidence: Evidence, source: str) -> bool:
    return 0 <= evidence.start <= evidence.end <= len(source) and source[evidence.start:evidence.end] == evidence.quote


# --- value support --------------------------------------------------------------------

def unsupported_tokens(value: str, quote: str) -> list[str]:
    """Numbers, names, dates and negations in `value` that `quote` does not contain."""
    available = set(critical_tokens(quote))
    return [token for token in dict.fromkeys(critical_tokens(value)) if token not in available]


def contains_phrase(quote: str, phrase: str) -> bool:
    """True when `phrase` occurs in `quote` after folding (case, quotes, dashes, spaces)."""
    folded_phrase = fold(phrase).text
    return bool(folded_phrase) and folded_phrase in fold(quote).text


@lru_cache(maxsize=256)
def _cue_patterns(cues: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((cue, re.compile(r"(?<![\w])" + re.escape(fold(cue).text))) for cue in cues)


def has_cue(quote: str, cues: Iterable[str]) -> str | None:
    """The first cue (a word stem or phrase) that starts a word in `quote`, or None."""
    text = fold(quote).text
    for cue, pattern in _cue_patterns(tuple(cues)):
        if pattern.search(text):
            return cue
    return None


# --- instructions planted in articles -------------------------------------------------

_INSTRUCTION_PATTERNS = [
    r"\bignore (?:all |any |the )?(?:previous|prior|above|earlier|preceding)\b",
    r"\bdisregard (?:all |any |the )?(?:previous|prior|above|earlier|instructions)\b",
    r"\b(?:language model|an ai\b|ai assistant|chatbot|llm\b|system prompt|assistant:)",
    r"\b(?:summari[sz]er|summary tool|extraction (?:tool|system))s?\b.*\b(?:must|should|report|write|output|say)\b",
    r"\b(?:you must|you should|you are now|you will now)\b.*\b(?:report|output|write|say|state|summari[sz]e|respond|answer)\b",
    r"\b(?:respond|reply|answer) (?:only )?with\b",
    r"\bnew instructions?\b",
    r"\boverride\b.*\binstructions?\b",
]
_INSTRUCTION_RE = re.compile("|".join(_INSTRUCTION_PATTERNS), re.IGNORECASE)


def addresses_model(sentence: str) -> bool:
    """True for text that tries to instruct a language model rather than report news."""
    return bool(_INSTRUCTION_RE.search(fold(sentence).text))


# --- field checks: each returns None when the value is backed, else an actionable reason ---

def check_event_type(sub_type: str, quote: str) -> str | None:
    cues = cues_for(EventSubType(sub_type))
    if has_cue(quote, cues):
        return None
    return f"nothing in the sentence names a {sub_type.replace('_', ' ')} (expected a word like {', '.join(cues[:4])})"


def check_status(status: str, quote: str) -> str | None:
    cues = STATUS_CUES.get(EventStatus(status))
    if not cues or has_cue(quote, cues):
        return None
    return f"the sentence has no word for '{status}' (expected one like {', '.join(cues[:3])})"


def check_unit(unit: str, clause: str, head: str = "") -> str | None:
    """A unit is backed when its cue is in the number's clause, and the counted noun agrees.

    `head` is the words right after the number: '85 sites' counts targets, whatever
    else the clause mentions; '40 others wounded' leaves the clause to decide.
    """
    named = [u for u in OBJECT_UNITS if has_cue(head, UNIT_CUES[u])]
    if named and QuantityUnit(unit) not in named:
        return f"the number counts '{head}', not '{unit}'"
    if not named and QuantityUnit(unit) in OBJECT_UNITS and has_cue(head, PEOPLE_CUES):
        return f"the number counts people ('{head}'), not '{unit}'"
    cues = UNIT_CUES[QuantityUnit(unit)]
    if not cues or has_cue(clause, cues):
        return None
    return f"nothing in '{clause}' says '{unit}' (expected a word like {', '.join(cues[:4])})"


def check_phrase(value: str, quote: str) -> str | None:
    if contains_phrase(quote, value) and not unsupported_tokens(value, quote):
        return None
    return f"'{value}' does not occur in the quoted sentence"


# --- the final gate -------------------------------------------------------------------

def _evidence_problem(evidence: list[Evidence], source: str) -> str | None:
    if not evidence:
        return "no evidence"
    for item in evidence:
        if not evidence_is_valid(item, source):
            return f"evidence [{item.start}:{item.end}] is not the quoted text"
    return None


def _value_problem(value: str, evidence: list[Evidence]) -> str | None:
    quotes = " … ".join(item.quote for item in evidence)
    if missing := unsupported_tokens(value, quotes):
        return f"not backed by its quote: {', '.join(missing)}"
    return None


def audit(result):  # -> SummaryResult
    """Re-check every emitted field; move any that fail into `rejected`. Pure: returns a copy.

    This is the gate every result passes, whatever produced it: each evidence must be
    `text[start:end] == quote`, and the numbers, names and dates of each value must be
    in its quotes.
    """
    result = result.model_copy(deep=True)
    source = result.article.text
    rejected = list(result.rejected)

    def failed(path: str, value: str, evidence: list[Evidence], extra: str | None = None) -> bool:
        problem = _evidence_problem(evidence, source) or _value_problem(value, evidence) or extra
        if problem:
            rejected.append(Rejected(field=path, value=value, reason=problem, attempts=0))
        return bool(problem)

    kept_events = []
    for e_index, event in enumerate(result.events):
        path = f"events[{e_index}]"
        trigger_ok = any(has_cue(item.quote, [event.trigger]) for item in event.evidence) if event.trigger else False
        if failed(path, event.sub_type.value, event.evidence, None if trigger_ok else "trigger word not in evidence"):
            continue
        if event.date and failed(f"{path}.date", event.date.text, event.date.evidence):
            event.date = None
        if event.location and failed(f"{path}.location", event.location.place, event.location.evidence):
            event.location = None
        event.actors = [a for i, a in enumerate(event.actors) if not failed(f"{path}.actors[{i}]", a.name, a.evidence)]
        kept_quantities = []
        for q_index, quantity in enumerate(event.quantities):
            quoted = numbers_in(" ".join(e.quote for e in quantity.evidence))
            stated = [str(n) for n in (quantity.value, quantity.min, quantity.max) if n is not None]
            missing = [n for n in stated if n not in quoted]
            if not failed(f"{path}.quantities[{q_index}]", quantity.text, quantity.evidence,
                          f"{', '.join(missing)} not in the quote" if missing else None):
                kept_quantities.append(quantity)
        event.quantities = kept_quantities
        kept_events.append(event)
    result.events = kept_events
    result.claims = [
        claim for i, claim in enumerate(result.claims)
        if not failed(f"claims[{i}]", claim.text if claim.speaker == "unnamed" else f"{claim.speaker}: {claim.text}",
                      claim.evidence)
    ]
    result.summary = [s for i, s in enumerate(result.summary) if not failed(f"summary[{i}]", s.text, s.evidence)]
    result.rejected = rejected
    return result

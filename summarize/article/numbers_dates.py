"""Numbers with their qualifiers, and dates resolved against the publication date.

The parse (`language`) says what a number counts and which event governs it; this module
reads the number phrase itself ("more than 30", "between 10 and 15", "twenty-one") and
resolves date phrases ("on Tuesday", "March 3"). Offsets are relative to the text given.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from summarize.models import DatePrecision, Qualifier
from summarize.taxonomy import QUALIFIER_CUES
from summarize.verify.support import _NUMBER_WORDS, SCALED_NUMBER_RE, SCALES, words_value


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


MONTHS = frozenset(m.lower() for m in calendar.month_name[1:])
# Words that make a span a date or a duration, not a count: "eight years", "March 12", "last week".
_TIME_WORDS = frozenset("""year years month months week weeks day days decade decades century centuries
    ago last next since hour hours minute minutes season seasons quarter""".split())


def is_date_like(span) -> bool:
    """Whether a span NER labelled DATE really is one: 'injuring 34' is a count it mislabels."""
    words = {t.lower_ for t in span}
    return bool(words & (_TIME_WORDS | _DATE_WORDS)) or any(
        t.like_num and t.text.isdigit() and len(t.text) == 4 and 1800 <= int(t.text) <= 2100 for t in span)


_DATE_WORDS = {m.lower() for m in calendar.month_name[1:]} | {d.lower() for d in calendar.day_name}


# --- places --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        label = getattr(country, "common_name", None) or country.name
        for name in {country.name, label, getattr(country, "official_name", label)}:
            table[name.lower()] = label
    for alias, label in {
        "syria": "Syria", "iran": "Iran", "russia": "Russia", "the united states": "United States",
        "united states": "United States", "u.s.": "United States", "us": "United States", "usa": "United States",
        "britain": "United Kingdom", "uk": "United Kingdom", "south korea": "South Korea",
        "north korea": "North Korea", "gaza strip": "Palestine", "gaza": "Palestine",
        "west bank": "Palestine", "turkey": "Türkiye",
    }.items():
        table[alias] = label
    return table


def country_of(place: str) -> str | None:
    return _country_names().get(place.lower().strip())


# --- numbers -------------------------------------------------------------------------

_ORDINALS = {"first", "second", "third", "fourth", "fifth"}
# "one" alone is rarely a count ("one of the..."), but it ends compounds ("twenty-one").
_NUMBER_WORD_RE = "|".join(sorted((w for w in _NUMBER_WORDS if w not in _ORDINALS | {"zero", "one"}), key=len, reverse=True))
_NUMBER_TAIL_RE = "|".join(sorted((w for w in _NUMBER_WORDS if w not in _ORDINALS | {"zero"}), key=len, reverse=True))
_QUALIFIER_RE = "|".join(
    sorted((re.escape(c) for cues in QUALIFIER_CUES.values() for c in cues), key=len, reverse=True)
)
_QUANTITY_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUALIFIER_RE})\s+)?"
    rf"(?P<num>\b\d+(?:\.\d+)?\s+(?:million|billion|trillion)\b|\b\d{{1,3}}(?:,\d{{3}})+\b|\b\d+(?:\.\d+)?\b|\b(?:{_NUMBER_WORD_RE})(?:[\s-](?:{_NUMBER_TAIL_RE}))*\b)",
    re.IGNORECASE,
)
_MONTH_RE = "|".join(calendar.month_name[1:] + [m for m in calendar.month_abbr[1:]])


@dataclass(frozen=True)
class NumberMention:
    span: Span  # qualifier + number, as written
    number_text: str
    value: int | None
    qualifier: Qualifier
    min: int | None = None
    max: int | None = None


_RANGE_NUMBER = rf"\d[\d,]*|(?:{_NUMBER_TAIL_RE})(?:-(?:{_NUMBER_TAIL_RE}))?"  # "12", "nine", "twenty-one"
_RANGE_RE = re.compile(
    rf"\b(?:between\s+(?P<a>{_RANGE_NUMBER})\s+and\s+(?P<b>{_RANGE_NUMBER})"
    rf"|(?P<c>{_RANGE_NUMBER})\s*(?:-|–|\bto\b)\s*(?P<d>{_RANGE_NUMBER}))\b",
    re.IGNORECASE,
)


def _ranges(sentence: str) -> list[NumberMention]:
    """'between 10 and 15', 'between nine and 12', '10 to 15', '10-15' (not year spans such as 2023-2024)."""
    found = []
    for match in _RANGE_RE.finditer(sentence):
        low_text, high_text = (match.group("a"), match.group("b")) if match.group("a") else (match.group("c"), match.group("d"))
        low, high = parse_number(low_text), parse_number(high_text)
        if low is None or high is None or low >= high or re.fullmatch(r"(?:19|20)\d\d", low_text):
            continue
        if re.match(r"[\s-]*(?:hundred|thousand|million|billion|dozen)\b", sentence[match.end():], re.IGNORECASE):
            continue  # "two to three hundred" is 200-300, not 2-3: leave it to the number reader
        span = Span(match.start(), match.end(), match.group(0))
        found.append(NumberMention(span, match.group(0), None, Qualifier.between, min=low, max=high))
    return found


def parse_number(text: str) -> int | None:
    """'1,200' -> 1200, '1.2 billion' -> 1200000000, 'twenty-one' -> 21; None for a bare decimal."""
    if scaled := SCALED_NUMBER_RE.fullmatch(text.strip()):
        return round(float(scaled.group(1)) * SCALES[scaled.group(2).lower()])
    if text.strip().lower() in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
        return None  # a scale word alone ("millions of") is no count
    cleaned = text.replace(",", "")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"\d+\.\d+", cleaned):
        return None
    return words_value(text)


def _qualifier_of(cue: str | None) -> Qualifier:
    if not cue:
        return Qualifier.exact
    for qualifier, cues in QUALIFIER_CUES.items():
        if cue.lower() in cues:
            return qualifier
    return Qualifier.exact


def numbers(sentence: str) -> list[NumberMention]:
    """Counted quantities; skips years, days of months, clock times and numbered names ('Tower 22')."""
    mentions: list[NumberMention] = _ranges(sentence)
    for match in _QUANTITY_RE.finditer(sentence):
        number_text = match.group("num")
        if any(r.span.start <= match.start("num") < r.span.end for r in mentions):
            continue  # part of a range
        before = sentence[: match.start("num")].rstrip()
        after = sentence[match.end("num"):]
        if re.search(rf"\b(?:{_MONTH_RE})\.?$", before) or re.match(rf"\s*(?:{_MONTH_RE})\b", after):
            continue  # a day of a month
        if re.fullmatch(r"(?:19|20)\d\d", number_text):
            continue  # a year
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|km|kilomet|miles?\b|metres|meters|bn\b|-year|-month)", after, re.I):
            continue
        if re.search(r"[A-Z][\w-]*$", before) and not match.group("qual") and not re.search(
                r"million|billion|trillion", number_text, re.I) and not re.match(r"\s*(?:percent|per cent|%)", after, re.I):
            continue  # part of a name, e.g. "Tower 22", "Resolution 2334" (not "fined Tarvish 45 million")
        if re.match(r"[.:/]\d", after) or re.search(r"\d[.:/]$", before):
            continue
        value = parse_number(number_text)
        if value is None or value < 2 and not number_text[0].isdigit():
            continue
        start = match.start("qual") if match.group("qual") else match.start("num")
        mentions.append(
            NumberMention(
                span=Span(start, match.end("num"), sentence[start:match.end("num")]),
                number_text=number_text,
                value=value,
                qualifier=_qualifier_of(match.group("qual")),
            )
        )
    return sorted(mentions, key=lambda mention: mention.span.start)


# --- dates ---------------------------------------------------------------------------

_WEEKDAY_RE = "|".join(calendar.day_name)
_DATE_RE = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b"
    rf"|\b(?P<md>(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)\b"
    rf"|\b(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\.?(?:,?\s+\d{{4}})?)\b"
    rf"|\b(?P<rel>yesterday|today|tonight|last night|this morning|(?:on\s+|last\s+|late\s+|early\s+)?(?:{_WEEKDAY_RE})(?:\s+(?:night|morning|evening|afternoon))?)\b"
    rf"|\b(?P<month>(?:in|since|early|late|mid-?)\s+(?:{_MONTH_RE})(?:\s+\d{{4}})?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    span: Span
    value: dt.date | None
    precision: DatePrecision | None
    relative: bool


def _month_number(name: str) -> int:
    name = name.rstrip(".").lower()[:3]
    return [m.lower()[:3] for m in calendar.month_abbr[1:]].index(name) + 1


def _resolve_day_month(day: int, month: int, year: int | None, published: dt.date | None) -> tuple[dt.date | None, bool]:
    if year is None:
        if published is None:
            return None, False
        year = published.year
        if (month, day) > (published.month, published.day):
            year -= 1  # "March 3" in a January article is last year's March
        try:
            return dt.date(year, month, day), True
        except ValueError:
            return None, False
    try:
        return dt.date(year, month, day), False
    except ValueError:
        return None, False


def resolve_date(text: str, published: dt.date | None) -> tuple[dt.date | None, DatePrecision | None, bool]:
    """(value, precision, relative) for a date phrase; relative ones need `published`."""
    phrase = text.strip()
    low = phrase.lower()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        try:
            return dt.date.fromisoformat(phrase), DatePrecision.day, False
        except ValueError:
            return None, None, False
    if match := re.fullmatch(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", phrase, re.I):
        value, relative = _resolve_day_month(int(match.group(2)), _month_number(match.group(1)),
                                             int(match.group(3)) if match.group(3) else None, published)
        return value, DatePrecision.day if value else None, relative
    if match := re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?", phrase, re.I):
        value, relative = _resolve_day_month(int(match.group(1)), _month_number(match.group(2)),
                                             int(match.group(3)) if match.group(3) else None, published)
        return value, DatePrecision.day if value else None, relative
    if match := re.search(rf"({_MONTH_RE})(?:\s+(\d{{4}}))?$", phrase, re.I):
        month = _month_number(match.group(1))
        if match.group(2):
            return dt.date(int(match.group(2)), month, 1), DatePrecision.month, False
        if published is None:
            return None, None, False
        year = published.year - (1 if month > published.month else 0)
        return dt.date(year, month, 1), DatePrecision.month, True
    if published is None:
        return None, None, True
    if low in ("today", "tonight", "this morning"):
        return published, DatePrecision.day, True
    if low in ("yesterday", "last night"):
        return published - dt.timedelta(days=1), DatePrecision.day, True
    for index, day in enumerate(calendar.day_name):
        if day.lower() in low:
            back = (published.weekday() - index) % 7
            if low.startswith("last ") and back == 0:
                back = 7
            return published - dt.timedelta(days=back), DatePrecision.day, True
    return None, None, True


def dates(sentence: str, published: dt.date | None) -> list[DateMention]:
    mentions = []
    for match in _DATE_RE.finditer(sentence):
        text = match.group(0)
        core = re.sub(r"^(?:on|in|since|early|late|mid-?)\s+", "", text, flags=re.I)
        start = match.start() + text.find(core)
        value, precision, relative = resolve_date(core, published)
        mentions.append(DateMention(Span(start, start + len(core), core), value, precision, relative))
    return mentions

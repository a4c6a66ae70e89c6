"""Value support: the numbers, names, dates and negations a value may never change,
and whether a quote backs them. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from summarize.verify.folding import fold

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


SCALED_NUMBER_RE = re.compile(r"\b(\d+(?:\.\d+)?)\s+(million|billion|trillion)\b", re.IGNORECASE)
SCALES = {"million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}


def _with_compounds_as_digits(text: str) -> str:
    """'twenty-one' -> '21', '1.2 billion' -> '1200000000': one number, one token."""
    def digits(match: re.Match) -> str:
        value = words_value(match.group(0))
        return match.group(0) if value is None else str(value)

    def scaled(match: re.Match) -> str:
        return str(round(float(match.group(1)) * SCALES[match.group(2).lower()]))

    return _COMPOUND_RE.sub(digits, SCALED_NUMBER_RE.sub(scaled, text))


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
    return list(_critical_tokens(text))


# One article's evidence sentences back many fields: each is tokenized once.
@lru_cache(maxsize=2048)
def _critical_tokens(text: str) -> tuple[str, ...]:
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
    return tuple(keys)


def unsupported_tokens(value: str, quote: str) -> list[str]:
    """Numbers, names, dates and negations in `value` that `quote` does not contain."""
    available = set(critical_tokens(quote))
    return [token for token in dict.fromkeys(critical_tokens(value)) if token not in available]


@lru_cache(maxsize=256)
def _cue_patterns(cues: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((cue, re.compile(r"(?<![\w])" + re.escape(fold(cue).text))) for cue in cues)


@lru_cache(maxsize=2048)
def _folded_text(quote: str) -> str:
    """A quote folded once, however many cues are looked for in it."""
    return fold(quote).text


def has_cue(quote: str, cues: Iterable[str]) -> str | None:
    """The first cue (a word stem or phrase) that starts a word in `quote`, or None."""
    text = _folded_text(quote)
    for cue, pattern in _cue_patterns(tuple(cues)):
        if pattern.search(text):
            return cue
    return None

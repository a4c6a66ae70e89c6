"""Checks for a summary sentence the model wrote in its own words. Pure functions.

A sentence is emitted only when
- every number, name, date and negation in it is in its evidence quotes;
- every qualifier of its evidence is kept ("at least 16" never becomes "16");
- each casualty figure and each claim of blame or motive it repeats is attributed to the
  source the article gives (`Attribution`, found by the engine in the parse);
- it has no loaded wording in its own voice (the terms are found by the caller).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.article.numbers_dates import numbers
from summarize.taxonomy import QUALIFIER_CUES
from summarize.verify.support import numbers_in, unsupported_tokens

# Words that assign blame or a motive: a summary that repeats one must say who says so.
BLAME_CUES = re.compile(
    r"\b(?:blam\w*|accus\w*|responsib\w*|fault\w*|perpetrat\w*|orchestrat\w*|behind the|retaliat\w*|"
    r"revenge|in response to|to punish|provok\w*|motiv\w*|intended to|in order to)\b",
    re.IGNORECASE,
)
# Words that mark a statement as someone's: "according to", "said", ...
ATTRIBUTION_CUES = re.compile(
    r"\b(?:according to|said|says|say|told|tells|reported|reports|stated|states|claimed|claims|announced|"
    r"blamed|blames|accused|accuses|alleged|alleges|per|cited|citing|quoted|estimated|estimates|"
    r"puts? the (?:\w+ ){0,2}?(?:toll|number|figure|count|turnout|total)\b)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Attribution:
    """The article attributes something to a source: a figure ('12 dead', per the hospital) or
    a statement of blame or motive (the sentence's speaker)."""

    kind: str  # "figure" | "blame"
    source: str  # the source as written: "the Port Verin hospital"
    head: str  # the word that must name it in the summary: "hospital"
    numbers: tuple[str, ...] = ()  # for a figure: its canonical numbers


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’-]+", text)}


def check_grounding(text: str, quotes: list[str]) -> str | None:
    if not quotes:
        return "cites no evidence"
    if missing := unsupported_tokens(text, " … ".join(quotes)):
        return f"not in its evidence: {', '.join(missing)}"
    return None


_CUES = sorted((re.escape(cue) for cues in QUALIFIER_CUES.values() for cue in cues), key=len, reverse=True)
_QUALIFIED_DIGITS = re.compile(rf"\b(?:({'|'.join(_CUES)})\s+)?(\d[\d,]*(?:\.\d+)?)\b", re.IGNORECASE)


def _digit_qualifiers(text: str) -> dict[str, set[str]]:
    """Each number written in digits -> the qualifier cues it carries ('' for none). Unlike
    `numbers`, this keeps year-like counts ('at least 1900 people')."""
    found: dict[str, set[str]] = {}
    for match in _QUALIFIED_DIGITS.finditer(text):
        for number in numbers_in(match.group(2)):
            found.setdefault(number, set()).add((match.group(1) or "").lower())
    return found


def check_qualifiers(text: str, quotes: list[str]) -> str | None:
    """A number of the sentence that the evidence qualifies keeps that qualifier."""
    evidence = [m for quote in quotes for m in numbers(quote)]
    for mention in numbers(text):
        same = [m for m in evidence if (m.value, m.min, m.max) == (mention.value, mention.min, mention.max)]
        if same and all(m.qualifier is not mention.qualifier for m in same):
            return (f"'{mention.span.text}' changes the qualifier of '{same[0].span.text}' "
                    f"({same[0].qualifier.value} in the evidence)")
    quoted = _digit_qualifiers(" … ".join(quotes))
    for number, cues in _digit_qualifiers(text).items():
        if number in quoted and not cues & quoted[number]:
            return (f"'{number}' changes the qualifier it has in the evidence "
                    f"({', '.join(repr(c or 'none') for c in sorted(quoted[number]))})")
    return None


def check_attribution(text: str, attributions: list[Attribution]) -> str | None:
    """Each attributed figure or blame the sentence repeats names its source and marks it as theirs."""
    words = _words(text)
    stated_numbers = {str(m.value) for m in numbers(text) if m.value is not None}
    stated_numbers |= {str(n) for m in numbers(text) for n in (m.min, m.max) if n is not None}
    blames = bool(BLAME_CUES.search(text))
    for attribution in attributions:
        used = (attribution.kind == "figure" and stated_numbers & set(attribution.numbers)) or (
            attribution.kind == "blame" and blames)
        if not used:
            continue
        if attribution.head.lower() not in words or not ATTRIBUTION_CUES.search(text):
            what = "the figure" if attribution.kind == "figure" else "the blame or motive"
            return (f"{what} is attributed to '{attribution.source}' in the article; the sentence must say so "
                    f"(e.g. 'according to {attribution.source}')")
    return None


def check_summary_sentence(text: str, quotes: list[str], attributions: list[Attribution],
                           loaded_terms: list[str]) -> str | None:
    """None when the sentence may be emitted, else the first reason it may not."""
    if loaded_terms:
        return f"loaded wording in its own voice: {', '.join(repr(t) for t in loaded_terms)}"
    return (check_grounding(text, quotes) or check_qualifiers(text, quotes)
            or check_attribution(text, attributions))

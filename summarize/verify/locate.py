"""Locate: find a quote in the source (exact, normalized, strict fuzzy) in raw offsets. Pure.

Rules every tier keeps:
- a span starts and ends on word boundaries of the source: "Petrov" is never found
  inside "Petrović", "14" never inside "140" or "1.4", "don" never inside "don't";
- a quote wrapped in quotation marks or an ellipsis that the source lacks is located on
  its inner text;
- the fuzzy tier tolerates only a small typo inside an ordinary word, or a dropped or
  added comma-like mark. A number, unit, currency, bound word ("at least"), time marker
  ("p.m."), negation, modal, pronoun, direction or name that differs, or numbers in
  another order, is never a near match (see `guard.py`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from summarize.models import Evidence, MatchTier
from summarize.verify.boundaries import on_word_boundaries
from summarize.verify.folding import Folded, _fold_source, _raw_span, fold
from summarize.verify.guard import differs_only_by_typos
from summarize.verify.support import critical_tokens


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    match: MatchTier


FUZZY_MIN_CHARS = 16
FUZZY_MAX_EDIT_RATIO = 0.08
FUZZY_MAX_EDIT_RUN = 2

_ELLIPSIS = r"(?:\.\s?\.\s?\.|…|\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\))"
_LEADING_ELLIPSIS_RE = re.compile(rf"^(?:\s|{_ELLIPSIS})+")
_TRAILING_ELLIPSIS_RE = re.compile(rf"(?:\s|{_ELLIPSIS})+$")
_DOUBLE_QUOTES = "\"“”„‟«»‹›「」『』"
_SINGLE_QUOTES = "'‘’‚‛"


def unwrapped(quote: str) -> str:
    """The quote without surrounding quotation marks, ellipses and spaces."""
    inner = quote
    while True:
        before = inner
        inner = _TRAILING_ELLIPSIS_RE.sub("", _LEADING_ELLIPSIS_RE.sub("", inner))
        inner = inner.strip()
        marks = sum(char in _DOUBLE_QUOTES for char in inner)
        if len(inner) >= 2 and inner[0] in _DOUBLE_QUOTES and inner[-1] in _DOUBLE_QUOTES:
            inner = inner[1:-1]
        elif marks % 2 and inner[:1] in tuple(_DOUBLE_QUOTES):  # an opening mark never closed
            inner = inner[1:]
        elif marks % 2 and inner[-1:] in tuple(_DOUBLE_QUOTES):  # a closing mark never opened
            inner = inner[:-1]
        # A single quote at one end only is often an apostrophe ("the rebels'"): strip pairs.
        if len(inner) >= 2 and inner[0] in _SINGLE_QUOTES and inner[-1] in _SINGLE_QUOTES:
            inner = inner[1:-1]
        if inner == before:
            return inner


def _nearest(positions: list[int], near: int | None) -> int:
    return positions[0] if near is None else min(positions, key=lambda p: (abs(p - near), p))


def _all_positions(haystack: str, needle: str) -> list[int]:
    positions, at = [], haystack.find(needle)
    while at != -1:
        positions.append(at)
        at = haystack.find(needle, at + 1)
    return positions


def locate(quote: str, source: str, *, near: int | None = None) -> Located | None:
    """Find `quote` in `source`: exact, then normalized, then strict fuzzy; else None.

    The returned span is in raw `source` offsets and on word boundaries; `source[start:end]`
    is what the evidence quote becomes. `near` breaks ties between repeated occurrences.
    """
    if not quote or not quote.strip():
        return None
    if found := _locate_exact(quote, source, near):  # the common case: the quote is verbatim
        return found
    inner = unwrapped(quote)
    candidates = [quote] if inner in ("", quote) else [quote, inner]
    if len(candidates) > 1 and (found := _locate_exact(inner, source, near)):
        return found
    folded_source = _fold_source(source)  # folded once per source, only when a quote is not verbatim
    for candidate in candidates:
        if found := _locate_normalized(candidate, source, folded_source, near):
            return found
    for candidate in candidates:
        if found := _locate_fuzzy(candidate, source, folded_source, near):
            return found
    return None


def _locate_exact(quote: str, source: str, near: int | None) -> Located | None:
    positions = [p for p in _all_positions(source, quote) if on_word_boundaries(source, p, p + len(quote))]
    if not positions:
        return None
    start = _nearest(positions, near)
    return Located(start, start + len(quote), MatchTier.exact)


def _locate_normalized(quote: str, source: str, folded_source: Folded, near: int | None) -> Located | None:
    folded_quote = fold(quote).text
    if not folded_quote:
        return None
    spans = []
    for start in _all_positions(folded_source.text, folded_quote):
        raw_start, raw_end = _raw_span(folded_source, source, start, start + len(folded_quote))
        if on_word_boundaries(source, raw_start, raw_end):
            spans.append((raw_start, raw_end))
    if not spans:
        return None
    raw_start, raw_end = min(spans, key=lambda span: 0 if near is None else abs(span[0] - near))
    return Located(raw_start, raw_end, MatchTier.normalized)


def _folded_index(folded: Folded, raw_index: int) -> int:
    return bisect.bisect_left(folded.origin, raw_index)


_WORD_RE = re.compile(r"\S+")
_INNER_WORD_RE = re.compile(r"\w+")


def _candidate_windows(folded_quote: str, text: str, budget: int) -> list[tuple[int, int, int]]:
    """(distance, start, end) of every whitespace-delimited window within `budget` edits."""
    # A window starts at a word (or just inside its opening punctuation) and ends at a word
    # (with or without its closing punctuation).
    starts = sorted({m.start() for m in _WORD_RE.finditer(text)} | {m.start() for m in _INNER_WORD_RE.finditer(text)})
    ends = sorted({m.end() for m in _WORD_RE.finditer(text)} | {m.end() for m in _INNER_WORD_RE.finditer(text)})
    # A window starts and ends with the quote's own first and last characters (edits at either
    # end are refused anyway, see _small_inner_edits): a cheap filter before any distance.
    head, first, last = folded_quote[:8], folded_quote[0], folded_quote[-1]
    windows = []
    for start in starts:
        if text[start] != first or Levenshtein.distance(text[start:start + 8], head, score_cutoff=budget) > budget:
            continue
        first_end = bisect.bisect_left(ends, start + len(folded_quote) - budget)
        for end in ends[first_end:]:
            if end - start > len(folded_quote) + budget:
                break
            if text[end - 1] != last:
                continue
            distance = Levenshtein.distance(folded_quote, text[start:end], score_cutoff=budget)
            if distance <= budget:
                windows.append((distance, start, end))
    return windows


def _small_inner_edits(quote: str, window: str) -> bool:
    """No edit run longer than FUZZY_MAX_EDIT_RUN, and none at either end: a quote cut
    inside a word ("copper outpu") is not a typo of the whole word."""
    opcodes = Levenshtein.opcodes(quote, window).as_list()
    if not opcodes or opcodes[0][0] != "equal" or opcodes[-1][0] != "equal":
        return False
    return all(tag == "equal" or max(a2 - a1, b2 - b1) <= FUZZY_MAX_EDIT_RUN for tag, a1, a2, b1, b2 in opcodes)


def _locate_fuzzy(quote: str, source: str, folded_source: Folded, near: int | None) -> Located | None:
    """Strict near-match: a few small typos in ordinary words; every meaning-bearing token unchanged."""
    folded_quote = fold(quote).text
    if len(folded_quote) < FUZZY_MIN_CHARS or len(folded_quote.split()) < 3:
        return None
    text = folded_source.text
    budget = max(1, int(len(folded_quote) * FUZZY_MAX_EDIT_RATIO))
    near_folded = None if near is None else _folded_index(folded_source, near)
    windows = _candidate_windows(folded_quote, text, budget)
    windows.sort(key=lambda w: (w[0], 0 if near_folded is None else abs(w[1] - near_folded), w[1]))
    quote_names = critical_tokens(quote)
    for _, start, end in windows:
        window = text[start:end]
        if not _small_inner_edits(folded_quote, window):
            continue
        if not differs_only_by_typos(folded_quote, window):
            continue
        raw_start, raw_end = _raw_span(folded_source, source, start, end)
        if not on_word_boundaries(source, raw_start, raw_end):
            continue
        if critical_tokens(source[raw_start:raw_end]) != quote_names:  # in order: swapped names or numbers
            continue
        return Located(raw_start, raw_end, MatchTier.fuzzy)
    return None


def evidence_is_valid(evidence: Evidence, source: str) -> bool:
    return 0 <= evidence.start <= evidence.end <= len(source) and source[evidence.start:evidence.end] == evidence.quote

"""Locate: find a quote in the source (exact, normalized, strict fuzzy) in raw offsets. Pure."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from summarize.models import Evidence, MatchTier
from summarize.verify.folding import Folded, _fold_source, _raw_span, fold
from summarize.verify.support import critical_tokens

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

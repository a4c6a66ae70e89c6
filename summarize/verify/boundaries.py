"""Word boundaries in raw source text: where a quote may start and end. Pure functions.

An offset splits a word when letters, digits or combining marks continue on both sides
("Petrov|ić"), when it falls inside a number ("3|.5", "2,|500", "1|4"), inside a
contraction ("don|'t"), right after a negating or sign prefix ("non-|lethal", "-|5"), or
inside a hyphenated number ("twenty-|one", "12-|year-old"). Scripts written without spaces
(Chinese, Japanese, Thai, ...) have a boundary between any two characters.
"""

from __future__ import annotations

import re
import unicodedata

_UNSPACED_SCRIPT_RE = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff]"
)
_APOSTROPHES = "'’"
_HYPHENS = "-‐‑‒–−"
_NUMBER_SEPARATORS = ".,'’ \u00a0\u202f"
# Prefixes whose loss reverses or changes the meaning of the word they are hyphenated to.
_MEANINGFUL_PREFIXES = {"non", "un", "anti", "ex", "counter", "pseudo", "quasi", "mis", "dis", "pro", "semi", "no"}
_NUMBER_WORD_RE = re.compile(
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion|half|quarter|third|fourth|fifth|first|second)s?",
    re.IGNORECASE,
)


def _is_word_char(char: str) -> bool:
    if _UNSPACED_SCRIPT_RE.match(char):
        return False
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def _word_before(source: str, at: int) -> str:
    start = at
    while start > 0 and _is_word_char(source[start - 1]):
        start -= 1
    return source[start:at]


def _word_after(source: str, at: int) -> str:
    end = at
    while end < len(source) and _is_word_char(source[end]):
        end += 1
    return source[at:end]


def _is_number(word: str) -> bool:
    return bool(word) and (word[0].isdigit() or _NUMBER_WORD_RE.fullmatch(word) is not None)


def splits_a_word(source: str, at: int) -> bool:
    """True when offset `at` (between `source[at-1]` and `source[at]`) is inside a word or number."""
    if at <= 0 or at >= len(source):
        return False
    before, after = source[at - 1], source[at]
    if _is_word_char(before) and _is_word_char(after):
        # A combining mark continues the letter before it; two unspaced-script letters do not join.
        return True
    if _is_word_char(after) and unicodedata.category(after).startswith("M"):
        return True
    # Inside a number: "3.5", "2,500", "10 000" (the separator between digits belongs to it).
    if after in _NUMBER_SEPARATORS and before.isdigit() and at + 1 < len(source) and source[at + 1].isdigit():
        return after not in " \u00a0\u202f" or _digit_group_follows(source, at + 1)
    if before in _NUMBER_SEPARATORS and after.isdigit() and at >= 2 and source[at - 2].isdigit():
        return before not in " \u00a0\u202f" or _digit_group_follows(source, at)
    # A contraction: "don|'t", "didn'|t" (a possessive "'s" may be left out: "Petrov|'s").
    if after in _APOSTROPHES and before.isalpha() and at + 1 < len(source) and source[at + 1].isalpha():
        return _word_after(source, at + 1).lower() != "s"
    if before in _APOSTROPHES and after.isalpha() and at >= 2 and source[at - 2].isalpha():
        return True
    # A hyphen: "non-|lethal", "-|5" (a sign), "twenty-|one", "12-|year-old".
    if before in _HYPHENS and _is_word_char(after):
        prefix = _word_before(source, at - 1)
        if not prefix:
            return after.isdigit()
        return prefix.lower() in _MEANINGFUL_PREFIXES or _is_number(prefix) or _is_number(_word_after(source, at))
    if after in _HYPHENS and _is_word_char(before) and at + 1 < len(source) and _is_word_char(source[at + 1]):
        word_before, word_after = _word_before(source, at), _word_after(source, at + 1)
        return _is_number(word_before) or _is_number(word_after)
    return False


def _digit_group_follows(source: str, at: int) -> bool:
    """A space-separated thousands group: exactly three digits, then no digit ("10 000")."""
    group = source[at:at + 4]
    return len(group) >= 3 and group[:3].isdigit() and (len(group) == 3 or not group[3].isdigit())


def on_word_boundaries(source: str, start: int, end: int) -> bool:
    """A span `source[start:end]` that neither starts nor ends inside a word or number."""
    return start < end and not splits_a_word(source, start) and not splits_a_word(source, end)

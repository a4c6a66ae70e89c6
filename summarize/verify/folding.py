"""Folding for the normalized tier: compare text after Unicode, quote, dash, space and case
folding, with a map from every folded character back to its raw offset. Pure functions."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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
        folded = _CHAR_FOLDS.get(char)
        if folded is None:
            folded = _CHAR_FOLDS[char] = _fold_char(char)
        if folded is _SPACE:
            pending_space = pending_space or bool(chars)
            continue
        if not folded:
            continue
        if pending_space:
            chars.append(" ")
            origin.append(index)
            pending_space = False
        chars.extend(folded)
        origin.extend([index] * len(folded))
    return Folded("".join(chars), tuple(origin))


_SPACE = " "  # the marker for a character that folds to a word break


def _fold_char(char: str) -> str:
    """What one raw character folds to: _SPACE, "" (dropped), or its folded characters."""
    out: list[str] = []
    space_inside = False
    for piece in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", char)):
        if unicodedata.combining(piece):
            continue
        piece = _QUOTE_MAP.get(piece, piece)
        if piece in _DASHES:
            piece = "-"
        if piece.isspace():
            if not out:
                return _SPACE  # "¨" is a space and a combining mark: a word break
            space_inside = True  # "ﷺ" spells several words
            continue
        if unicodedata.category(piece) in ("Cc", "Cf"):
            continue
        if space_inside:
            out.append(" ")
            space_inside = False
        out.append(piece.casefold())
    return "".join(out)


# Folding is a function of each character alone: every character is folded once per process.
_CHAR_FOLDS: dict[str, str] = {}


# A source is folded once, however many quotes are located in it. Kept apart from `fold`
# so that the many short strings folded by cue checks never evict a source.
_fold_source = lru_cache(maxsize=8)(fold)


def _raw_span(folded: Folded, raw: str, start: int, end: int) -> tuple[int, int]:
    raw_start = folded.origin[start]
    raw_end = folded.origin[end - 1] + 1
    while raw_end < len(raw) and unicodedata.combining(raw[raw_end]):
        raw_end += 1
    return raw_start, raw_end

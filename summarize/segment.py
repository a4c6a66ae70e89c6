"""Segment: sentences with absolute character offsets, and sentence-aligned chunks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarize.verify import addresses_model


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    heading: bool = False
    instruction_like: bool = False

    @property
    def usable(self) -> bool:
        """May serve as evidence: real prose that does not address a model."""
        return not self.heading and not self.instruction_like


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _is_heading(text: str) -> bool:
    words = text.split()
    return len(words) <= 14 and not text.rstrip().endswith((".", "!", "?", ":", ";", ",", '"', "”", "’", "'"))


def split_sentences(text: str) -> list[Sentence]:
    """Split on paragraphs, then pysbd within each; offsets index `text` exactly."""
    sentences: list[Sentence] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        cursor = paragraph.start()
        block = paragraph.group(0)
        pieces = _segmenter().segment(block) if block.strip() else []
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                continue
            start = text.find(stripped, cursor, paragraph.end())
            if start < 0:  # pysbd altered the text; fall back to the rest of the paragraph
                start = cursor
                stripped = text[cursor:paragraph.end()].strip()
                start = text.find(stripped, cursor)
            end = start + len(stripped)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=stripped,
                    heading=_is_heading(stripped) and len(pieces) == 1,
                    instruction_like=addresses_model(stripped),
                )
            )
            cursor = end
            if cursor >= paragraph.end():
                break
    return sentences


def chunk_sentences(sentences: list[Sentence], max_chars: int) -> list[list[Sentence]]:
    """Group consecutive sentences into chunks of at most `max_chars` (a longer sentence stands alone)."""
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    for sentence in sentences:
        if current and sentence.end - current[0].start > max_chars:
            chunks.append(current)
            current = []
        current.append(sentence)
    if current:
        chunks.append(current)
    return chunks

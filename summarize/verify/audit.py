"""The final gate every result passes, whatever produced it. Pure: returns a copy."""

from __future__ import annotations

from summarize.models import Evidence, Rejected
from summarize.verify.boundaries import on_word_boundaries
from summarize.verify.locate import evidence_is_valid
from summarize.verify.support import critical_tokens, has_cue, numbers_in

def _evidence_problem(evidence: list[Evidence], source: str) -> str | None:
    if not evidence:
        return "no evidence"
    for item in evidence:
        if not evidence_is_valid(item, source):
            return f"evidence [{item.start}:{item.end}] is not the quoted text"
        if item.end > item.start and not on_word_boundaries(source, item.start, item.end):
            return f"evidence [{item.start}:{item.end}] starts or ends inside a word or number"
    return None


def _value_problem(value: str, evidence: list[Evidence]) -> str | None:
    # Each quote apart: the same evidence sentences back many fields, and each is tokenized once.
    available = {token for item in evidence for token in critical_tokens(item.quote)}
    if missing := [token for token in dict.fromkeys(critical_tokens(value)) if token not in available]:
        return f"not backed by its quote: {', '.join(missing)}"
    return None


def audit(result):  # -> SummaryResult
    """Re-check every emitted field; move any that fail into `rejected`. Pure: returns a copy.

    This is the gate every result passes, whatever produced it: each evidence must be
    `text[start:end] == quote`, starting and ending on word boundaries of the text, and the
    numbers, names and dates of each value must be in its quotes.
    """
    # A copy of the result and of each event: audit only ever replaces their fields and lists,
    # never mutates a nested object, so the caller's result is untouched (and no deep copy is paid).
    result = result.model_copy(update={"events": [event.model_copy() for event in result.events]})
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
        if event.what and failed(f"{path}.what", event.trigger, [event.what],
                                 None if event.what.quote == event.trigger else "the span is not the trigger"):
            event.what = None
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
        kept_events.append((e_index, event))
    # Links point at events by index: renumber them, and drop those whose event was rejected.
    new_index = {old: new for new, (old, _) in enumerate(kept_events)}
    for old, event in kept_events:
        kept_links = []
        for l_index, link in enumerate(event.links):
            path = f"events[{old}].links[{l_index}]"
            if not failed(path, link.relation.value, link.evidence,
                          None if link.event in new_index else f"events[{link.event}] was rejected"):
                kept_links.append(link.model_copy(update={"event": new_index[link.event]}))
        event.links = kept_links
    result.events = [event for _, event in kept_events]
    result.claims = [
        claim for i, claim in enumerate(result.claims)
        if not failed(f"claims[{i}]", claim.text if claim.speaker == "unnamed" else f"{claim.speaker}: {claim.text}",
                      claim.evidence)
    ]
    result.summary = [s for i, s in enumerate(result.summary) if not failed(f"summary[{i}]", s.text, s.evidence)]
    result.rejected = rejected
    return result

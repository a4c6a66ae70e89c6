"""Plain-text report for a terminal: every fact with the quote that backs it."""

from __future__ import annotations

from summarize.models import Evidence, SummaryResult
from summarize.render import describe_event, display_title, neutrality_line


def _cite(evidence: list[Evidence]) -> str:
    first = evidence[0]
    return f'[{first.start}:{first.end} {first.match.value}] "{first.quote}"'


def to_text(result: SummaryResult) -> str:
    article = result.article
    lines = [f"# {display_title(article)}"]
    meta = [part for part in (article.outlet, article.published and article.published.isoformat()) if part]
    if meta:
        lines.append(" | ".join(meta))
    lines += ["", "Summary:"]
    lines += [f"  - {sentence.text}" for sentence in result.summary] or ["  (none)"]
    if result.neutrality:
        report = result.neutrality
        lines += ["", f"Neutrality: {neutrality_line(report)}"]
        lines += [f"  loaded: [{t.start}:{t.end}] \"{t.term}\" {t.category.value}"
                  + (f" (attributed{' to ' + t.speaker if t.speaker else ''})" if t.attributed else "")
                  for t in report.source_terms]
        lines += [f"  in the summary: \"{t.term}\" {t.category.value} (sentence {t.sentence})" for t in report.summary_terms]
        lines += [f"  {'passed' if c.passed else 'FAILED'} {c.kind} '{c.cue}'"
                  + (f" per {c.source}" if c.source else f": {c.reason}") for c in report.attribution_checks]
    for index, event in enumerate(result.events):
        lines += ["", f"Event {index + 1}: {describe_event(event)}",
                  f"  evidence: {_cite(event.evidence)}"]
        if event.date:
            resolved = event.date.value.isoformat() if event.date.value else "unresolved"
            lines.append(f"  date: {event.date.text} -> {resolved}  {_cite(event.date.evidence)}")
        if event.location:
            lines.append(f"  where: {event.location.describe()}  {_cite(event.location.evidence)}")
        for actor in event.actors:
            lines.append(f"  {actor.role.value}: {actor.name}  {_cite(actor.evidence)}")
        for quantity in event.quantities:
            source = f" (per {quantity.attribution})" if quantity.attribution else ""
            lines.append(
                f"  {quantity.unit.value}: {quantity.value} [{quantity.qualifier.value}]{source}  {_cite(quantity.evidence)}"
            )
    if result.claims:
        lines += ["", "Claims:"]
        lines += [f"  - {claim.speaker}: {_cite(claim.evidence)}" for claim in result.claims]
    if result.rejected:
        lines += ["", f"Rejected ({len(result.rejected)}): proposed by the model, not backed by the source"]
        lines += [f"  - {item.field} = {item.value}: {item.reason} (after {item.attempts} attempt(s))"
                  for item in result.rejected]
    for warning in result.warnings:
        lines.append(f"warning: {warning}")
    usage = result.usage
    lines += ["", f"{usage.backend} {usage.model} ({usage.mode}), {usage.calls} calls, {usage.reasks} re-asks, "
              f"{usage.prompt_tokens} prompt tokens, {usage.seconds:.1f}s"]
    return "\n".join(lines)

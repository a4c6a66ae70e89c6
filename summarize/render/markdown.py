"""Markdown: the summary with footnote citations, event and quantity tables, rejected fields.

Article text is escaped so that it can never become Markdown or HTML markup.
"""

from __future__ import annotations

import re

from summarize.models import Evidence, SummaryResult
from summarize.render import describe_event, display_title, neutrality_line

# Inline syntax only: our own code decides what starts a line (headings, list items, tables).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Backslash-escape Markdown syntax and entity-encode HTML so article text stays text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


class _Footnotes:
    def __init__(self) -> None:
        self.notes: list[Evidence] = []

    def cite(self, evidence: list[Evidence]) -> str:
        marks = []
        for item in evidence:
            if item not in self.notes:
                self.notes.append(item)
            marks.append(f"[^{self.notes.index(item) + 1}]")
        return "".join(marks)

    def lines(self) -> list[str]:
        return [f'[^{n}]: "{escape(item.quote)}" (characters {item.start}-{item.end}, {item.match.value} match)'
                for n, item in enumerate(self.notes, 1)]


def to_markdown(result: SummaryResult) -> str:
    article = result.article
    notes = _Footnotes()
    lines = [f"# {escape(display_title(article))}", ""]
    meta = [escape(part) for part in (article.outlet, article.published and article.published.isoformat(),
                                      article.url) if part]
    if meta:
        lines += [" · ".join(meta), ""]

    lines += ["## Summary", ""]
    lines += [f"{escape(s.text)}{notes.cite(s.evidence)}" for s in result.summary] or ["_No summary sentence was verified._"]

    if result.neutrality:
        report = result.neutrality
        lines += ["", "## Neutrality", "", escape(neutrality_line(report)) + ".",
                  "Subjectivity: loaded terms in the writer's own voice per 100 words."]
        if report.source_terms:
            lines += ["", "| loaded term | category | voice | characters |", "|---|---|---|---|"]
            for t in report.source_terms:
                voice = f"attributed to {escape(t.speaker)}" if t.attributed and t.speaker else (
                    "attributed" if t.attributed else "own voice")
                lines.append(f"| {escape(t.term)} | {t.category.value} | {voice} | {t.start}-{t.end} |")
        if report.summary_terms:
            lines += ["", "Loaded wording left in the summary: "
                      + ", ".join(f"{escape(t.term)} ({t.category.value})" for t in report.summary_terms)]
        if report.attribution_checks:
            lines += ["", "| check | figure or blame | result | attributed to |", "|---|---|---|---|"]
            lines += [f"| {c.kind} | {escape(c.cue)}{notes.cite(c.evidence)} | {'passed' if c.passed else 'failed'} | "
                      f"{escape(c.source) if c.source else escape(c.reason or '')} |" for c in report.attribution_checks]

    lines += ["", "## Events", ""]
    if result.events:
        lines += ["| # | type | status | date | where | initiator | target |", "|---|---|---|---|---|---|---|"]
        for number, event in enumerate(result.events, 1):
            date = where = ""
            if event.date:
                resolved = event.date.value.isoformat() if event.date.value else "unresolved"
                date = f"{escape(event.date.text)} ({resolved}){notes.cite(event.date.evidence)}"
            if event.location:
                where = f"{escape(event.location.describe())}{notes.cite(event.location.evidence)}"
            roles = {actor.role.value: f"{escape(actor.name)}{notes.cite(actor.evidence)}" for actor in event.actors}
            kind = f"{escape(describe_event(event))}{notes.cite(event.evidence[:1])}"
            lines.append(f"| {number} | {kind} | {event.status.value} | {date} | {where} | "
                         f"{roles.get('initiator', '')} | {roles.get('target', '')} |")
    else:
        lines.append("_No event was verified._")

    quantities = [(n, q) for n, e in enumerate(result.events, 1) for q in e.quantities]
    if quantities:
        lines += ["", "## Quantities", "", "| event | counts | value | qualifier | according to | quote |",
                  "|---|---|---|---|---|---|"]
        for number, quantity in quantities:
            value = (f"{quantity.min}-{quantity.max}" if quantity.value is None and quantity.min is not None
                     else str(quantity.value if quantity.value is not None else ""))
            source = escape(quantity.attribution) if quantity.attribution else "(not attributed)"
            lines.append(f"| {number} | {quantity.unit.value} | {value} | {quantity.qualifier.value.replace('_', ' ')} "
                         f"| {source} | {escape(quantity.text)}{notes.cite(quantity.evidence)} |")

    if result.claims:
        lines += ["", "## Claims", ""]
        lines += [f"- **{escape(claim.speaker)}**: {escape(claim.text)}{notes.cite(claim.evidence)}"
                  for claim in result.claims]

    lines += ["", f"## Rejected ({len(result.rejected)})", ""]
    if result.rejected:
        lines += ["Proposed by the model but not backed by the source, so not reported as facts above.", "",
                  "| field | value | reason | attempts |", "|---|---|---|---|"]
        lines += [f"| {escape(item.field)} | {escape(item.value)} | {escape(item.reason)} | {item.attempts} |"
                  for item in result.rejected]
    else:
        lines.append("_Nothing was rejected._")

    if result.warnings:
        lines += ["", "## Warnings", ""] + [f"- {escape(w)}" for w in result.warnings]
    usage = result.usage
    lines += ["", f"<sub>{escape(usage.backend)} · {escape(usage.model)} · {usage.mode} · prompts {usage.prompt_version} · "
              f"schema {usage.schema_version} · {usage.calls} model calls</sub>", ""]
    lines += notes.lines()
    return "\n".join(lines) + "\n"

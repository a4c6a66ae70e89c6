"""The digest as Markdown: stories, their events with merged figures and sources, conflicts, synopsis."""

from __future__ import annotations

from summarize.digest.models import Digest, MeasureSummary, Span, Story, StoryEvent


def _cell(text: str) -> str:
    """Article text inside a table cell: no pipes, no line breaks, no Markdown or HTML markup."""
    out = " ".join(str(text).split())
    for char in "\\|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return out


def _cite(span: Span) -> str:
    return f"{_cell(span.outlet or span.article)} [{span.article} {span.start}-{span.end}]"


def _bounds(low: int | None, high: int | None) -> str:
    if high is None:
        return f"{low} or more"
    return str(low) if low == high else f"{low}-{high}"


def _measure(event: StoryEvent, measure: MeasureSummary) -> list[str]:
    flag = {"conflict": "**CONFLICT**", "agree": "agree", "single": "one source"}[measure.status]
    lines = [f"- **{_cell(measure.measure)}: {_cell(measure.headline)}** ({flag}; range {_bounds(measure.range_low, measure.range_high)})"]
    for item in measure.assertions:
        who = f", per {_cell(item.attribution)}" if item.attribution else ""
        lines.append(f"  - \"{_cell(item.text)}\"{who}: {_cite(item.source)}")
    return lines


def _story(story: Story) -> list[str]:
    lines = [f"## {story.id}: {_cell(story.title)}", ""]
    lines.append(f"{len(story.articles)} source(s)" + (f", first published {story.first_published}" if story.first_published else ""))
    lines.append("")
    for sentence in story.synopsis:
        cites = "; ".join(_cite(s) for s in sentence.citations)
        lines.append(f"> {_cell(sentence.text)} ({cites})")
    if story.synopsis:
        lines.append("")
    for event in story.events:
        relation = f", {event.relation.value.replace('_', ' ')} {event.related_to}" if event.relation and event.related_to else ""
        lines.append(f"### {event.id} ({event.role}{relation}): {_cell(', '.join(event.triggers))} "
                     f"[{event.event_type}/{event.sub_type}]")
        if event.description:
            lines.append(f"\"{_cell(event.description.quote)}\" ({_cite(event.description)})")
        lines.append("")
        for sentence in event.synopsis:
            lines.append(f"> {_cell(sentence.text)} ({'; '.join(_cite(s) for s in sentence.citations)})")
        if event.synopsis:
            lines.append("")
        for fact in event.facts:
            sources = "; ".join(_cite(s) for s in fact.sources)
            lines.append(f"- {fact.kind}: {_cell(fact.value)} ({sources})")
        for measure in event.measures:
            lines += _measure(event, measure)
        lines.append("")
    lines.append("Sources:")
    for article in story.articles:
        meta = ", ".join(x for x in (article.source, article.published and article.published.isoformat()) if x)
        link = f" <{_cell(article.url)}>" if article.url else ""
        lines.append(f"- {article.id}: {_cell(article.title or article.input)} ({_cell(meta)}){link}")
        for reprint in article.reprints:
            lines.append(f"  - reprint {reprint.id}: {_cell(reprint.source or reprint.input)} (similarity {reprint.similarity})")
    lines.append("")
    return lines


def digest_to_markdown(digest: Digest) -> str:
    window = digest.window
    span = " to ".join(x for x in (window.get("since"), window.get("until")) if x)
    lines = [f"# Digest{': ' + span if span else ''}", "",
             f"{len(digest.stories)} stories from {sum(len(s.articles) for s in digest.stories)} sources.", ""]
    conflicts = [(story, c) for story in digest.stories for c in story.conflicts]
    if conflicts:
        lines.append("Conflicting figures: " + "; ".join(f"{_cell(c)} ({story.id})" for story, c in conflicts))
        lines.append("")
    for story in digest.stories:
        lines += _story(story)
    if digest.failures:
        lines += ["## Failed articles (retried on the next run)", ""]
        lines += [f"- {_cell(f.input)}: {_cell(f.reason)}" for f in digest.failures]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"

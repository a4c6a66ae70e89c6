"""The digest as one self-contained HTML page.

Every fragment of article text is escaped here with `html.escape`; no template engine
sees it. Each fact links to its passage in the source text shown lower on the page;
conflicting figures are highlighted. Nothing external is loaded (the CSP forbids it).
"""

from __future__ import annotations

from html import escape

from summarize.digest.models import Digest, MeasureSummary, Span, Story, StoryEvent
from summarize.models import SummaryResult

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70em;padding:1em;color:#222}
h2{border-top:2px solid #ccc;padding-top:.6em}
.story{margin-bottom:2em}.event{margin:.8em 0 .8em 1em}.meta{color:#666}
.measure{margin:.3em 0;padding:.2em .5em;border-left:4px solid #8a8}
.measure.conflict{border-left-color:#c00;background:#fde8e8}
.badge{font-size:.8em;padding:0 .4em;border-radius:.3em;background:#ddd}
.conflict .badge{background:#c00;color:#fff}
a.cite{font-size:.85em;margin-left:.3em}
.source-text{white-space:pre-wrap;border:1px solid #ddd;padding:.6em;max-height:30em;overflow:auto;background:#fafafa}
mark{background:#fff2a8}mark:target,a.anchor:target+mark{background:#ffb347;outline:2px solid #e67e00}
.failures{background:#fff4e5;padding:.5em}
"""


def anchor_id(article: str, start: int, end: int) -> str:
    return f"p-{article}-{start}-{end}"


def _cite(span: Span) -> str:
    label = escape(span.outlet or span.article)
    return (f'<a class="cite" href="#{anchor_id(span.article, span.start, span.end)}" '
            f'title="{escape(span.quote)}">[{label}]</a>')


def _bounds(low: int | None, high: int | None) -> str:
    if high is None:
        return f"{low} or more"
    return str(low) if low == high else f"{low}-{high}"


def _measure(measure: MeasureSummary) -> str:
    items = "".join(
        f'<li>&ldquo;{escape(a.text)}&rdquo;{", per " + escape(a.attribution) if a.attribution else ""}'
        f'{_cite(a.source)}</li>' for a in measure.assertions)
    return (f'<div class="measure {escape(measure.status)}" data-measure="{escape(measure.measure)}">'
            f'<strong>{escape(measure.measure)}: {escape(measure.headline)}</strong> '
            f'<span class="badge">{escape(measure.status)}</span> '
            f'<span class="meta">range {escape(_bounds(measure.range_low, measure.range_high))}</span><ul>{items}</ul></div>')


def _event(event: StoryEvent) -> str:
    relation = ""
    if event.relation and event.related_to:
        relation = f' &mdash; {escape(event.relation.value.replace("_", " "))} <a href="#{escape(event.related_to)}">{escape(event.related_to)}</a>'
    description = ""
    if event.description:
        description = f'<p>&ldquo;{escape(event.description.quote)}&rdquo;{_cite(event.description)}</p>'
    facts = "".join(
        f'<li class="fact">{escape(f.kind)}: {escape(f.value)}{"".join(_cite(s) for s in f.sources)}</li>'
        for f in event.facts)
    measures = "".join(_measure(m) for m in event.measures)
    description += "".join(f'<p class="synopsis">{escape(s.text)}{"".join(_cite(c) for c in s.citations)}</p>'
                           for s in event.synopsis)
    return (f'<div class="event" id="{escape(event.id)}"><h3>{escape(event.id)} ({escape(event.role)}{relation}): '
            f'{escape(", ".join(event.triggers))} <span class="meta">{escape(event.event_type)}/{escape(event.sub_type)}</span></h3>'
            f'{description}<ul>{facts}</ul>{measures}</div>')


def _source_text(article_id: str, result: SummaryResult, spans: list[Span]) -> str:
    """The article text, escaped, with every cited span marked and anchored."""
    text = result.article.text
    cited = sorted({(s.start, s.end) for s in spans if s.article == article_id and 0 <= s.start < s.end <= len(text)})
    points = sorted({0, len(text)} | {p for span in cited for p in span})
    parts = []
    for start, end in zip(points, points[1:]):
        for span_start, span_end in cited:
            if span_start == start:
                parts.append(f'<a class="anchor" id="{anchor_id(article_id, span_start, span_end)}"></a>')
        chunk = escape(text[start:end])
        if any(s <= start and end <= e for s, e in cited):
            chunk = f"<mark>{chunk}</mark>"
        parts.append(chunk)
    return "".join(parts)


def _spans_of(story: Story) -> list[Span]:
    spans = [c for sentence in story.synopsis for c in sentence.citations]
    for event in story.events:
        spans += event.sources + ([event.description] if event.description else [])
        spans += [c for sentence in event.synopsis for c in sentence.citations]
        spans += [s for fact in event.facts for s in fact.sources]
        spans += [a.source for m in event.measures for a in m.assertions]
    return spans


def _story(story: Story, results: dict[str, SummaryResult]) -> str:
    synopsis = "".join(f'<p class="synopsis">{escape(s.text)}{"".join(_cite(c) for c in s.citations)}</p>'
                       for s in story.synopsis)
    conflicts = (f'<p class="conflicts"><strong>Conflicting figures:</strong> {escape(", ".join(story.conflicts))}</p>'
                 if story.conflicts else "")
    events = "".join(_event(e) for e in story.events)
    spans = _spans_of(story)
    sources = []
    for article in story.articles:
        meta = " · ".join(x for x in (article.source, article.published and article.published.isoformat()) if x)
        link = f' <a href="{escape(article.url)}" rel="noopener noreferrer">{escape(article.url)}</a>' if article.url else ""
        reprints = "".join(f'<li>reprint: {escape(r.source or r.input)} (similarity {r.similarity})</li>'
                           for r in article.reprints)
        body = _source_text(article.id, results[article.id], spans) if article.id in results else ""
        sources.append(f'<details class="source" id="src-{escape(article.id)}" open><summary>{escape(article.title or article.input)} '
                       f'<span class="meta">{escape(meta)}</span>{link}</summary><ul>{reprints}</ul>'
                       f'<div class="source-text">{body}</div></details>')
    return (f'<section class="story" id="{escape(story.id)}"><h2>{escape(story.id)}: {escape(story.title)}</h2>'
            f'<p class="meta">{len(story.articles)} source(s)</p>{conflicts}{synopsis}{events}'
            f'<h4>Sources</h4>{"".join(sources)}</section>')


def digest_to_html(digest: Digest, results: dict[str, SummaryResult]) -> str:
    """`results`: article id -> its SummaryResult, for the source passages the facts link to."""
    failures = ""
    if digest.failures:
        items = "".join(f"<li>{escape(f.input)}: {escape(f.reason)}</li>" for f in digest.failures)
        failures = f'<section class="failures"><h2>Failed articles (retried on the next run)</h2><ul>{items}</ul></section>'
    window = " to ".join(escape(x) for x in (digest.window.get("since"), digest.window.get("until")) if x)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">"
        f"<title>Digest{' ' + window if window else ''}</title><style>{STYLE}</style></head><body>"
        f"<h1>Digest{': ' + window if window else ''}</h1>"
        f"<p class=\"meta\">{len(digest.stories)} stories</p>"
        + "".join(_story(story, results) for story in digest.stories) + failures + "</body></html>\n"
    )

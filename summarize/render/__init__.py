"""Renderers: terminal text, Markdown and one self-contained HTML page."""

from __future__ import annotations

from summarize.models import Article, Event, NeutralityReport

LEAD_WORDS = 12


def display_title(article: Article) -> str:
    """The headline, or for an article without one, its outlet and date, else its first words."""
    if article.title:
        return article.title
    about = " ".join(part for part in (article.outlet, article.published and article.published.isoformat()) if part)
    if about:
        return f"Article from {about}"
    words = article.text.split()
    return " ".join(words[:LEAD_WORDS]) + (" …" if len(words) > LEAD_WORDS else "")


def describe_event(event: Event) -> str:
    """'struck: air drone strike, occurred (main)'; a general event shows its trigger alone."""
    kind = "" if event.sub_type.value == "other" else f": {event.sub_type.value.replace('_', ' ')}"
    return f"{event.trigger}{kind}, {event.status.value}{' (main)' if event.main else ''}"


def neutrality_line(report: NeutralityReport) -> str:
    """'source: 3 loaded terms in its own voice (0.71 per 100 words), 2 attributed; summary: 0 (0.00 per 100 words)'."""
    own = sum(1 for t in report.source_terms if not t.attributed)
    attributed = len(report.source_terms) - own
    passed = sum(1 for c in report.attribution_checks if c.passed)
    failed = len(report.attribution_checks) - passed
    return (f"source: {own} loaded term(s) in its own voice ({report.source_subjectivity:.2f} per 100 words), "
            f"{attributed} attributed; summary: {len(report.summary_terms)} ({report.summary_subjectivity:.2f} per 100 "
            f"words); {len(report.removed_terms)} deleted from the summary; attribution checks: {passed} passed, "
            f"{failed} failed")

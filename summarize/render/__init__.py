"""Renderers: terminal text, Markdown and one self-contained HTML page."""

from __future__ import annotations

from summarize.models import Article, Event

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

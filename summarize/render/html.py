"""HTML: one self-contained page with the article text and every evidence span highlighted.

Article text never goes through the template engine: every fragment derived from it is
built here with `html.escape` and handed to our own Jinja2 template as finished markup.
The page loads nothing external, and its Content-Security-Policy forbids it.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from summarize.models import Evidence, Fact, MatchTier, SummaryResult
from summarize.render import display_title, neutrality_line

_TIER_RANK = {MatchTier.exact: 0, MatchTier.normalized: 1, MatchTier.fuzzy: 2}


def _template():
    source = (resources.files("summarize.render") / "templates" / "page.html.j2").read_text(encoding="utf-8")
    return Environment(autoescape=select_autoescape(default=True)).from_string(source)


def _weakest(items: list[Evidence]) -> MatchTier:
    return max((item.match for item in items), key=_TIER_RANK.__getitem__)


def highlighted_article(text: str, facts: list[Fact]) -> str:
    """The article as escaped HTML; each stretch covered by evidence is a <mark> naming its facts."""
    spans = [(f"f{index}", item) for index, fact in enumerate(facts) for item in fact.evidence if item.end > item.start]
    points = sorted({0, len(text)} | {item.start for _, item in spans} | {item.end for _, item in spans})
    parts: list[str] = []
    for start, end in zip(points, points[1:]):
        covering = [(fact_id, item) for fact_id, item in spans if item.start <= start and end <= item.end]
        chunk = escape(text[start:end])
        if not covering:
            parts.append(chunk)
            continue
        ids = " ".join(sorted({fact_id for fact_id, _ in covering}, key=lambda i: int(i[1:])))
        tier = _weakest([item for _, item in covering]).value
        parts.append(f'<mark class="ev tier-{tier}" data-facts="{ids}" title="{tier} match">{chunk}</mark>')
    return "".join(parts)


def _fact_item(index: int, fact: Fact) -> str:
    tier = _weakest(fact.evidence).value if fact.evidence else "none"
    quote = fact.evidence[0].quote if fact.evidence else ""
    return (
        f'<li class="fact" tabindex="0" data-fact="f{index}" data-tier="{tier}">'
        f'<span class="kind">{escape(fact.kind)}</span>: <span class="value">{escape(fact.value)}</span>'
        f'<span class="tier tier-{tier}">{tier}</span><br>'
        f'<span class="path">{escape(fact.path)}</span> <q>{escape(quote)}</q></li>'
    )


def _neutrality(result: SummaryResult) -> str:
    report = result.neutrality
    if report is None:
        return ""
    terms = "".join(
        f'<li><q>{escape(t.term)}</q> <span class="kind">{t.category.value}</span> '
        f'<span class="path">{t.start}-{t.end}</span> '
        + (f"attributed{escape(' to ' + t.speaker) if t.speaker else ''}" if t.attributed else "own voice")
        + "</li>" for t in report.source_terms)
    left = "".join(f"<li><q>{escape(t.term)}</q> {t.category.value} (summary sentence {t.sentence})</li>"
                   for t in report.summary_terms)
    checks = "".join(
        f'<li class="{"passed" if c.passed else "failed"}">{escape(c.kind)} <q>{escape(c.cue)}</q>: '
        + (f"attributed to {escape(c.source)}" if c.passed and c.source else escape(c.reason or "failed")) + "</li>"
        for c in report.attribution_checks)
    return (f'<section id="neutrality"><h2>Neutrality</h2><p>{escape(neutrality_line(report))}.</p>'
            "<p class=\"meta\">Subjectivity: loaded terms in the writer's own voice per 100 words.</p>"
            + (f"<h3>Loaded terms in the source</h3><ul>{terms}</ul>" if terms else "")
            + (f"<h3>Loaded terms in the summary</h3><ul>{left}</ul>" if left else "")
            + (f"<h3>Attribution checks</h3><ul>{checks}</ul>" if checks else "") + "</section>")


def to_html(result: SummaryResult) -> str:
    facts = result.facts()
    index_of = {fact.path: index for index, fact in enumerate(facts)}
    summary = "".join(
        f'<p class="fact" data-fact="f{index_of[f"summary[{n}]"]}">{escape(sentence.text)}</p>'
        for n, sentence in enumerate(result.summary)
    ) or "<p><em>No summary sentence was verified.</em></p>"
    rejected = "<ul>" + "".join(
        f'<li><span class="path">{escape(item.field)}</span> = <strong>{escape(item.value)}</strong>: '
        f'<span class="reason">{escape(item.reason)}</span> (after {item.attempts} attempt(s))</li>'
        for item in result.rejected
    ) + "</ul>" if result.rejected else "<p><em>Nothing was rejected.</em></p>"
    warnings = "".join(f'<p class="warnings">{escape(w)}</p>' for w in result.warnings)
    article = result.article
    meta = " · ".join(p for p in (article.outlet, article.published and article.published.isoformat(), article.url) if p)
    usage = result.usage
    return _template().render(
        title=Markup(escape(display_title(article))),
        meta=Markup(escape(meta)),
        summary_html=Markup(summary),
        article_html=Markup(highlighted_article(article.text, facts)),
        facts_html=Markup("".join(_fact_item(index, fact) for index, fact in enumerate(facts))),
        fact_count=len(facts),
        rejected_html=Markup(rejected),
        rejected_count=len(result.rejected),
        neutrality_html=Markup(_neutrality(result)),
        warnings_html=Markup(f'<section id="warnings"><h2>Warnings</h2>{warnings}</section>' if warnings else ""),
        footer=Markup(escape(f"{usage.backend} · {usage.model} · {usage.mode} · prompts {usage.prompt_version} · "
                             f"schema {usage.schema_version} · {usage.calls} model calls")),
    )

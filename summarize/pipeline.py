"""The public pipeline: ingest -> segment -> extract -> verify (audit) -> result."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

from summarize.article.ingest import ingest
from summarize.article.language import parse
from summarize.article.loaded import find_loaded_language
from summarize.backends.client import ModelClient
from summarize.errors import ModelAnswerError
from summarize.errors import ModelError
from summarize.extract.direct import DirectExtractor
from summarize.extract.guided import GuidedExtractor
from summarize.extract.neutralize import neutralize_summary
from summarize.extract.prompts import prompt_fingerprint
from summarize.models import Article, SentenceSpan, SummaryResult, Usage
from summarize.settings import Settings
from summarize.verify import audit
from summarize.verify.neutrality import neutrality_report


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _require_an_answer(client: ModelClient, *, calls: int, failed: int) -> None:
    """An article whose every model call failed is a backend failure, not a partial result."""
    if failed and not calls:
        raise ModelAnswerError(f"{client.where} gave no valid answer in {failed} call(s) for this article; "
                               f"last: {client.stats.last_failure}")


def summarize_article(
    text: str | bytes,
    *,
    published: dt.date | str | None = None,
    source: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    **overrides: Any,
) -> SummaryResult:
    """Summarize one article (plain text or HTML) into a verified `SummaryResult`.

    Settings come from `overrides` (e.g. model=, base_url=, api_key=, max_attempts=),
    then `settings`, then the environment. With no key and no base URL the embedded
    model runs in-process. Pass `client` to reuse one model client across articles.
    """
    started = time.perf_counter()
    if settings is None:
        settings = Settings(**overrides)
    elif overrides:
        settings = settings.model_copy(update=overrides)
    ingested = ingest(text, published=_as_date(published), source=source)
    parsed = parse(ingested.text, ingested.title, ingested.dateline_place)
    sentences = parsed.sentences
    article = Article(
        text=ingested.text,
        sha256=ingested.sha256,
        title=ingested.title,
        published=ingested.published,
        published_from=ingested.published_from,
        outlet=ingested.outlet,
        url=url,
        input_format=ingested.input_format,
        sentences=[SentenceSpan(start=s.start, end=s.end, heading=s.heading) for s in sentences],
        removed=ingested.removed,
        instruction_like=[SentenceSpan(start=s.start, end=s.end) for s in sentences if s.instruction_like],
    )
    client = client or ModelClient(settings)
    engine = settings.resolved_engine()
    if engine == "direct":
        if client.backend == "embedded":
            raise ModelError("the direct engine needs an OpenAI-compatible backend; the embedded model runs "
                             "the guided engine (engine = auto or guided)")
        extractor = DirectExtractor(client, parsed, ingested.published, settings, title=ingested.title)
    else:
        extractor = GuidedExtractor(client, parsed, ingested.published, settings.max_attempts, title=ingested.title)
    with client.deadline() as tally:  # transport_deadline bounds all of this article's model calls
        draft = extractor.run()
    _require_an_answer(client, calls=tally.calls, failed=tally.failed_calls)

    warnings = list(draft.warnings)
    if article.instruction_like:
        warnings.append(
            f"{len(article.instruction_like)} sentence(s) address a language model; they were never used as evidence"
        )
    if not draft.events:
        warnings.append("no event was found in the article")
    unresolved = [e.date.text for e in draft.events if e.date and e.date.relative and e.date.value is None]
    if unresolved:
        warnings.append(f"no publication date: relative dates ({', '.join(repr(t) for t in unresolved)}) were left "
                        "unresolved")

    # Summary sentences lose loaded wording by deletion; those that cannot, or that state a casualty
    # figure or blame without attribution, go to `rejected`.
    source_terms = find_loaded_language(parsed)
    neutral = neutralize_summary(parsed, draft.summary, source_terms)
    result = SummaryResult(
        article=article,
        events=draft.events,
        claims=draft.claims,
        summary=neutral.summary,
        rejected=draft.rejected + neutral.rejected,
        warnings=warnings,
        usage=Usage(
            model=client.model,
            backend=client.backend,
            mode=client.mode,
            engine=engine,
            prompt_version=prompt_fingerprint(),
            calls=tally.calls,
            reasks=extractor.reasks,
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            transport_retries=tally.transport_retries,
            failed_calls=tally.failed_calls,
            article_tokens=client.count_tokens(ingested.text),
        ),
    )
    result = audit(result)
    result.neutrality = neutrality_report(result, source_terms, neutral.checks, neutral.removed)
    result.usage.seconds = round(time.perf_counter() - started, 3)
    return result


async def asummarize_article(text: str | bytes, **kwargs: Any) -> SummaryResult:
    """Async form of `summarize_article` (runs it in a worker thread)."""
    return await asyncio.to_thread(summarize_article, text, **kwargs)

"""summarize: grounded, structured summaries of news articles.

Every fact in a result carries evidence spans with `article.text[start:end] == quote`;
what could not be grounded is listed in `result.rejected`.
"""

from summarize.errors import (
    BinaryInputError,
    EmptyArticleError,
    InputError,
    InputTooLargeError,
    ModelAnswerError,
    ModelAuthError,
    ModelDeadlineError,
    ModelError,
    ModelUnavailableError,
    SummarizeError,
    UndecodableInputError,
)
from summarize.article.loaded import find_loaded_language
from summarize.models import SCHEMA_VERSION, Evidence, LoadedTerm, MatchTier, SummaryResult
from summarize.pipeline import asummarize_article, summarize_article
from summarize.settings import Settings
from summarize.verify import Located, audit, locate

__all__ = [
    "SCHEMA_VERSION",
    "BinaryInputError",
    "EmptyArticleError",
    "Evidence",
    "InputError",
    "InputTooLargeError",
    "LoadedTerm",
    "Located",
    "MatchTier",
    "ModelAnswerError",
    "ModelAuthError",
    "ModelDeadlineError",
    "ModelError",
    "ModelUnavailableError",
    "Settings",
    "SummarizeError",
    "SummaryResult",
    "UndecodableInputError",
    "asummarize_article",
    "audit",
    "build_digest",
    "find_loaded_language",
    "locate",
    "summarize_article",
]


def __getattr__(name: str):
    """`summarize.build_digest` is imported on first use (it brings scikit-learn and datasketch)."""
    if name == "build_digest":
        from summarize.digest import build_digest

        return build_digest
    raise AttributeError(f"module 'summarize' has no attribute {name!r}")

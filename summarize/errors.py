"""Errors a caller can act on. Each carries a stable exit code for the CLI."""

from __future__ import annotations


class SummarizeError(Exception):
    exit_code = 1


class InputError(SummarizeError):
    """The article itself cannot be used."""

    exit_code = 3


class EmptyArticleError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class UndecodableInputError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class ModelError(SummarizeError):
    """The model backend failed (after transport retries)."""

    exit_code = 4


class ModelAnswerError(ModelError):
    """The model answered, but not with valid JSON for the question's schema."""


class ModelUnavailableError(ModelError):
    """The server cannot be reached, or the embedded model cannot be loaded."""


class ModelDeadlineError(ModelUnavailableError):
    """No answer within `transport_deadline` (the time bound of one article's model calls)."""


class ModelAuthError(ModelError):
    exit_code = 5

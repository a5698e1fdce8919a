"""Errors the services raise for people: an Indonesian message and an HTTP status."""

from __future__ import annotations


class UserError(Exception):
    """A refusal a person can understand and act on (bad input, a rule of the SOP)."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(UserError):
    status_code = 404


class Forbidden(UserError):
    status_code = 403


class Conflict(UserError):
    """The thing changed since it was shown, or a slot was taken by someone else."""

    status_code = 409


class TooManyAttempts(UserError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

"""Refusals the endpoints raise: a 4xx naming the hub's rule and the input at fault, which
the API's `HttpError` handler (api.py) answers as a `RefusalOut` body."""

from __future__ import annotations

from ninja.errors import HttpError


def refusal(status: int, message: str, *, field: str | None, rule: str) -> HttpError:
    error = HttpError(status, message)
    error.field, error.rule = field, rule
    return error


def unprocessable(field: str | None, message: str, rule: str = "invalid") -> HttpError:
    """422: the values fit their schema but break a rule a schema cannot hold (parameters
    that clash, a cursor the API did not give, a time without its zone)."""
    return refusal(422, message, field=field, rule=rule)

"""What a service raises when a rule of the domain forbids an operation."""

from __future__ import annotations


class Refused(Exception):
    """A refused operation: `rule` is a stable code, `field` the input at fault (or None),
    the message a sentence for people. Nothing was written."""

    status = 422

    def __init__(self, rule: str, message: str, field: str | None = None):
        self.rule, self.field = rule, field
        super().__init__(message)

"""Shared API schemas and the bounded types every endpoint's parameters are built from.

Every integer, text and date the API reads has bounds, so that no value a client can send
reaches the database or the standard library out of range (a SQLite integer is 64-bit; a date
past 9999 overflows): out of bounds is a 422 naming the field, never a 500.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Field, Path, Query, Schema
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

# The largest value a BIGINT (and SQLite's INTEGER) holds.
MAX_ID = 2**63 - 1
# Offsets past this are never useful and cost a scan of that many rows.
MAX_OFFSET = 1_000_000
# Dates the hub reasons about: anything outside is a typing error, and dates near year 9999
# overflow as soon as a day is added.
MIN_YEAR, MAX_YEAR = 1900, 2200


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_written_as_iso(value: object) -> object:
    """A date is written YYYY-MM-DD: pydantic would also read a number as a Unix time
    (`to=0` → 1970-01-01), which the document does not allow."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


_ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?"
)


def _moment_written_as_iso(value: object) -> object:
    """Only ISO 8601 text is a date and time (pydantic would read `0` as 1970)."""
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _ISO_MOMENT.fullmatch(value)):
        return value
    raise ValueError("must be an ISO 8601 date and time, e.g. 2026-11-24T09:00:00+01:00")


def _within_years(value: dt.date) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="an id")]
QueryId = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(0, ge=0, le=MAX_OFFSET)]
Limit = Annotated[int, Query(100, ge=1, le=1000)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
# JSON Schema has no minimum for dates: the years' bounds are written as a pattern.
_YEARS_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-"
Day = Annotated[
    dt.date,
    BeforeValidator(_date_written_as_iso),
    AfterValidator(_within_years),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _YEARS_PATTERN}),
]
Moment = Annotated[
    dt.datetime,
    BeforeValidator(_moment_written_as_iso),
    AfterValidator(_within_years),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _YEARS_PATTERN}),
]


class ErrorOut(Schema):
    """A refusal without a field: 401, 403, 404 and 400 (a body that is not JSON)."""

    detail: str


class RefusalOut(Schema):
    """A rule of the hub refused the request; `field` names the input at fault."""

    detail: str
    rule: str = Field(description="the rule that refused: slot_taken, closed, too_long…")
    field: str | None


class ProblemOut(Schema):
    field: str | None = Field(description="the input at fault: `near`, `start`, `data.email`")
    msg: str = Field(description="the rule broken")
    type: str
    loc: list[str | int]


class InvalidOut(Schema):
    """The request's values broke their schema: one item per problem."""

    detail: list[ProblemOut]

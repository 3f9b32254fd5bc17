"""Opaque cursors for keyset pagination.

A cursor is the sort key of the last item of a page — e.g. ("n", "Médiathèque", 42) — as
compact JSON in unpadded base64url, so it travels in a query string unescaped. The client
hands it back to get the next page, which starts strictly after that key: unlike an offset,
a row inserted or deleted before the key moves nothing, so no item is skipped or repeated.

The token is opaque but not secret or signed: it holds nothing the client could not see,
and a forged one only moves the start of a page. Decoding is strict and every failure is a
`CursorError`, which the faces report on their `cursor` field.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Sequence

CursorPart = str | int | float
CursorKey = tuple[CursorPart, ...]

# Longer than any key we make (a 250-character name, an id); refuses junk before decoding it.
MAX_CURSOR_LENGTH = 1024
_TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")


class CursorError(ValueError):
    """The token is not a cursor made by `encode_cursor`, or not one this listing uses."""


def encode_cursor(key: Sequence[CursorPart]) -> str:
    """The token for `key`: a non-empty sequence of strings, integers and finite floats."""
    if not key:
        raise ValueError("a cursor key needs at least one part")
    for part in key:
        if isinstance(part, bool) or not isinstance(part, str | int | float):
            raise TypeError(f"a cursor part must be a str, int or float, not {type(part)}")
        if isinstance(part, float) and not math.isfinite(part):
            raise ValueError("a cursor part must be a finite number")
    text = json.dumps(list(key), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).rstrip(b"=").decode("ascii")


def decode_cursor(token: str) -> CursorKey:
    """The key a token stands for; `CursorError` if the token is not a well-formed cursor."""
    if not token or len(token) > MAX_CURSOR_LENGTH or not _TOKEN.match(token):
        raise CursorError("not a cursor returned by this API")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        parts = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise CursorError("not a cursor returned by this API") from error
    if not isinstance(parts, list) or not parts or not all(_is_part(part) for part in parts):
        raise CursorError("not a cursor returned by this API")
    return tuple(parts)


def _is_part(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)  # "1e999" parses as infinity
    return isinstance(value, str | int) and not isinstance(value, bool)


def _refuse_constant(name: str) -> float:
    # json.loads would otherwise accept NaN and Infinity, which no key of ours holds.
    raise ValueError(f"{name} is not allowed in a cursor")

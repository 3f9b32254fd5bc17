"""Cheque numbers: nine digits of serial and a check digit, as printed on the cheque.

The serial is the campaign's three-digit code followed by the cheque's six-digit rank in
the campaign (campaign 12, cheque 345 → serial 012000345). The check digit is Damm's: it
catches every single mistyped digit and every swap of two neighbouring digits, the two
mistakes people make when they copy a number from paper. Printed in groups of four
("0120 0034 51"); read back with or without spaces, dots or dashes.

Pure Python: no Django, so it is fast and property-tested (tests/cheques/test_numbers.py).
"""

from __future__ import annotations

import re

SERIAL_DIGITS = 9
NUMBER_DIGITS = SERIAL_DIGITS + 1
RANK_DIGITS = 6
MAX_CODE = 10 ** (SERIAL_DIGITS - RANK_DIGITS) - 1  # 999 campaigns
MAX_RANK = 10**RANK_DIGITS - 1  # 999,999 cheques a campaign

# Damm's quasigroup of order 10 (totally anti-symmetric): the interim digit of a number
# followed by its check digit is 0.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
# What people put between digits when they copy a number: spaces (also non-breaking),
# dots, dashes, slashes.
_SEPARATORS = re.compile(r"[\s.\-/\u00a0\u202f]+")
_DIGITS = re.compile(r"[0-9]+")


class NumberError(ValueError):
    """A text that is not a cheque number; `reason` says why: empty, not_digits, length,
    check_digit."""

    def __init__(self, reason: str, text: str):
        self.reason = reason
        super().__init__(f"{text!r} is not a cheque number ({reason})")


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][ord(digit) - 48]
    return interim


def check_digit(digits: str) -> str:
    """The digit that completes `digits` (ASCII digits only)."""
    return str(_damm(digits))


def serial_of(*, code: int, rank: int) -> int:
    if not 1 <= code <= MAX_CODE or not 1 <= rank <= MAX_RANK:
        raise ValueError(f"code 1..{MAX_CODE} and rank 1..{MAX_RANK}, not {code} and {rank}")
    return code * 10**RANK_DIGITS + rank


def number_of(serial: int) -> str:
    """The ten digits of a serial's cheque: the serial and its check digit."""
    if not 0 <= serial < 10**SERIAL_DIGITS:
        raise ValueError(f"a serial has at most {SERIAL_DIGITS} digits, not {serial}")
    digits = f"{serial:0{SERIAL_DIGITS}d}"
    return digits + check_digit(digits)


def printed(number: str) -> str:
    """The number as printed and shown: groups of four ("0120 0034 51")."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def parse(text: str) -> str:
    """The ten digits of the number written in `text`, or `NumberError`."""
    compact = _SEPARATORS.sub("", text or "")
    if not compact:
        raise NumberError("empty", text)
    if not _DIGITS.fullmatch(compact):
        raise NumberError("not_digits", text)
    if len(compact) != NUMBER_DIGITS:
        raise NumberError("length", text)
    if _damm(compact) != 0:
        raise NumberError("check_digit", text)
    return compact


def serial_in(number: str) -> int:
    """The serial of a valid number (its first nine digits)."""
    return int(number[:SERIAL_DIGITS])

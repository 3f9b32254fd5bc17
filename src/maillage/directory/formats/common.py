"""Small conversions every producer format needs on its way to the standard v1.

No Django here. Each function takes what a producer wrote and returns the standard's form,
or an empty value when there is nothing usable (the caller reports why).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from maillage.core.text import normalise_for_search
from maillage.directory import standard

# Placeholder pivot of the national cartography when a place has no SIRET or RNA: the
# standard requires one, and its own producers (Hub du Sud, ANCT) write fourteen zeros.
NO_PIVOT = "00000000000000"
# The national cartography writes the Unix epoch for "date unknown"; rows of files that
# carry no date, and that no publication date stands for, get it too.
UNKNOWN_DATE = dt.date(1970, 1, 1)

_DIGITS = re.compile(r"\d")
_PHONE_SEPARATORS = re.compile(r"\s*(?:/|;|\bou\b|\bet\b|\|)\s*")


def text(value: Any) -> str:
    """A cell as a string: numbers without a trailing `.0`, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return standard.SEPARATOR.join(text(item) for item in value if text(item))
    return str(value).strip()


def padded_code(value: Any, width: int = 5) -> str:
    """Postcodes and INSEE codes that a spreadsheet stored as numbers ("4000" for 04000,
    "6088.0" for 06088) get their leading zeros back; anything else is left as it is."""
    code = text(value)
    if code.endswith(".0"):
        code = code[:-2]
    if code.isdigit() and len(code) < width:
        return code.zfill(width)
    return code


def phone(value: Any) -> str:
    """French numbers in international form ("04 90 66 97 11" → "+33490669711"); several
    numbers are kept `|`-separated. What cannot be read is returned as written, for the
    standard's check to report."""
    numbers = []
    for part in _PHONE_SEPARATORS.split(text(value)):
        digits = "".join(_DIGITS.findall(part))
        if not digits:
            continue
        if part.lstrip().startswith("+"):
            numbers.append("+" + digits)
        elif len(digits) == 10 and digits.startswith("0"):
            numbers.append("+33" + digits[1:])
        elif len(digits) == 11 and digits.startswith("33"):
            numbers.append("+" + digits)
        else:
            numbers.append(part.strip())
    return standard.SEPARATOR.join(numbers)


def joined(values: Iterable[str]) -> str:
    """`|`-joined, without empty values or repeats, in the order given."""
    kept: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in kept:
            kept.append(value)
    return standard.SEPARATOR.join(kept)


def split(value: Any, separators: str = ";|") -> list[str]:
    """The parts of a multi-valued cell (a JSON list, or a string with any of `separators`)."""
    if isinstance(value, list):
        return [text(item) for item in value if text(item)]
    parts = [text(value)]
    for separator in separators:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [part.strip() for part in parts if part.strip()]


def iso_date(value: Any) -> str:
    """ISO dates as they are (a datetime is cut to its date); dd/mm/yyyy turned round."""
    written = text(value)
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", written)
    if match:
        day, month, year = (int(group) for group in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return written
    return written[:10] if re.match(r"\d{4}-\d{2}-\d{2}", written) else written


def stable_id(prefix: str, *parts: Any) -> str:
    """An id for files that have none, made from what identifies the place (name, address,
    postcode…): the same row gives the same id on every import."""
    key = "|".join(normalise_for_search(text(part)) for part in parts)
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def url(value: Any) -> str:
    """A web address with its scheme ("www.x.fr" → "https://www.x.fr")."""
    written = text(value)
    if written.lower().startswith("www."):
        return "https://" + written
    return written


_DMS = re.compile(
    r"^\s*(\d{1,3})\s*°\s*(\d{1,2})\s*['’′]\s*([\d.]+)\s*(?:''|\"|″|['’′])?\s*([NSEOW])?\s*$"
)


def decimal_degrees(value: Any) -> str:
    """A coordinate in decimal degrees: "44° 40' 43.737''" → "44.678816"; decimal commas
    become points; anything else is returned as written, for the standard's check."""
    written = text(value).replace(",", ".")
    match = _DMS.match(written)
    if match is None:
        return written
    degrees, minutes, seconds, hemisphere = match.groups()
    result = int(degrees) + int(minutes) / 60 + float(seconds) / 3600
    return f"{-result if hemisphere in {'S', 'W', 'O'} else result:.6f}"

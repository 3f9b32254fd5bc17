"""Read the rows of a places file (CSV or JSON), whatever its encoding and delimiter.

No Django here. Each row comes with where it stands in the file (the CSV line, or the JSON
item's number), so that every rejection can name it. A CSV cell that a writer kept from
being read as a formula ("'=foo", see `core.cells`) is read as the text it stands for.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maillage.core.cells import unneutralise_formula

MAX_FILE_BYTES = 200 * 1024 * 1024


class SourceFileError(Exception):
    """The file as a whole cannot be read: the message names the file and the problem."""


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, Any]


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (with or without BOM), else Mac-Roman
    (old Mac exports put accents in 0x80-0x9F), else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Both decode any byte: keep the one that reads as French, i.e. gives the most
    # lower-case accented letters (the other turns them into capitals and symbols: "RŽparate").
    candidates = [
        (data.decode(encoding), encoding)
        for encoding in ("cp1252", "mac_roman")
        if _decodes(data, encoding)
    ]
    if not candidates:
        return data.decode("latin-1"), "latin-1"
    return max(
        candidates, key=lambda candidate: sum(char in _FRENCH_LETTERS for char in candidate[0])
    )


_FRENCH_LETTERS = frozenset("éèàùâêîôûçëïüœ")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_rows(path: Path) -> tuple[list[SourceRow], str]:
    """All rows of a .csv or .json file, and the encoding found."""
    path = Path(path)
    if not path.is_file():
        raise SourceFileError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceFileError(
            f"{path}: {size // 2**20} MiB, more than the {MAX_FILE_BYTES // 2**20} MiB accepted"
        )
    text, encoding = decode(path.read_bytes())
    if path.suffix.lower() == ".json":
        return list(_json_rows(text, path)), encoding
    return list(_csv_rows(text, path)), encoding


def _json_rows(text: str, path: Path) -> Iterator[SourceRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceFileError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if isinstance(data, dict):
        data = data.get("data", data.get("results", data.get("items")))
    if not isinstance(data, list):
        raise SourceFileError(
            f"{path}: the JSON must be a list of places (or an object with a 'data' list)"
        )
    for number, item in enumerate(data, start=1):
        yield SourceRow(
            line=number, values=item if isinstance(item, dict) else {"__invalid__": item}
        )


def _csv_rows(text: str, path: Path) -> Iterator[SourceRow]:
    first_line = text.split("\n", 1)[0].split("\r", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise SourceFileError(f"{path}: the file is empty") from None
    except csv.Error as error:
        raise SourceFileError(f"{path}: line 1: {error}") from None
    if len(set(header)) != len(header):
        raise SourceFileError(f"{path}: the header repeats a column name")
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise SourceFileError(
                f"{path}: line {reader.line_num}: {error} (a quote is probably not closed)"
            ) from None
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield SourceRow(
                line=reader.line_num,
                values={"__invalid__": f"{len(values)} values for {len(header)} columns"},
            )
            continue
        values = [unneutralise_formula(value) for value in values]
        yield SourceRow(line=reader.line_num, values=dict(zip(header, values, strict=True)))

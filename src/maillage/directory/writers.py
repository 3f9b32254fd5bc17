"""Write places as files of the standard v1.0.2: CSV (the schema's column order, `|`
between the values of a multi-valued field) or JSON (a list of objects, same keys).

No Django here: records in, text out. Empty optional fields are left empty in CSV and
left out in JSON, as the schema's own example does.

A CSV file is opened in spreadsheets, so its text cells go through
`core.cells.neutralise_formula`: a value such as "=foo" is written "'=foo" (import-places reads
it back as "=foo"); coordinates and phones (+33…) are plain numbers and stay as they are. JSON
is not opened as a spreadsheet: its values are written as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from maillage.core.cells import neutralise_formula
from maillage.directory.standard import COLUMNS, PRESENTATION_RESUME_MAX, StandardPlace, format_v1


def write_csv(records: Iterable[StandardPlace], handle: TextIO) -> int:
    """Write a header and one row per record; the number of rows written."""
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(_csv_row(record))
        count += 1
    return count


def _csv_row(record: StandardPlace) -> dict[str, str]:
    row = {name: neutralise_formula(value) for name, value in format_v1(record).items()}
    resume = row["presentation_resume"]
    if len(resume) > PRESENTATION_RESUME_MAX:  # the apostrophe must not break the schema's limit
        row["presentation_resume"] = resume[: PRESENTATION_RESUME_MAX - 1] + "…"
    return row


def write_json(records: Iterable[StandardPlace], handle: TextIO) -> int:
    """Write a JSON list, one object per record, streamed; the number of objects written."""
    handle.write("[")
    count = 0
    for record in records:
        row = {name: value for name, value in format_v1(record).items() if value != ""}
        for name in ("latitude", "longitude"):
            if name in row:
                row[name] = float(row[name])
        handle.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
        count += 1
    handle.write("\n]\n")
    return count

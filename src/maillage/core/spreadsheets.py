"""Tables served as CSV or XLSX downloads (exports for accountants and funders).

Every text cell, header included, goes through `core.cells.neutralise_formula`, so that no
cell is read as a formula when the file is opened; numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

from maillage.core.cells import neutralise_formula

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    *, filename: str, fmt: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """`filename` without extension; `fmt` one of FORMATS (the caller checks it)."""
    if fmt == "xlsx":
        content, content_type = xlsx_bytes(header=header, rows=rows), XLSX_TYPE
    else:
        content, content_type = csv_text(header=header, rows=rows), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def csv_text(*, header: Sequence[str], rows: Iterable[Sequence]) -> str:
    # A byte-order mark so that spreadsheets opening the file read its accents right.
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([neutralise_formula(str(name)) for name in header])
    for row in rows:
        writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
    return out.getvalue()


def _csv_cell(cell) -> str:
    if isinstance(cell, Decimal | float):
        return f"{cell}".replace(".", ",")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, int):  # bool is an int
        return str(cell)
    return neutralise_formula(str(cell))


def xlsx_bytes(*, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([neutralise_formula(str(name)) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(cell):
    if isinstance(cell, dt.datetime) and cell.tzinfo is not None:
        return cell.replace(tzinfo=None)  # spreadsheets have no time zones
    if isinstance(cell, bool | int | float | Decimal | dt.date) or cell is None:
        return cell
    # A text starting with "=" would be stored as a formula by openpyxl.
    return neutralise_formula(str(cell))
